package io.s64.emulator.search;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s64.emulator.http.ApiResponse;
import io.s64.emulator.http.BodyReader;
import io.s64.emulator.http.Exchange;
import io.s64.emulator.internal.Json;
import io.s64.emulator.limits.Credits;
import io.s64.emulator.rows.Mode;
import io.s64.emulator.state.Search;
import io.s64.emulator.state.SearchRegistry;
import io.s64.emulator.stats.StatsRecorder;
import java.util.Objects;

/**
 * {@code POST /search/export}: exports a completed search (by {@code search_id}) or a direct
 * {@code parsed_query} to CSV as a task polled on the status endpoint. While an export of the same
 * search is queued or running, another one is refused with 409 (the client should poll the
 * running one).
 */
public final class ExportHandler {
  static final String RUNNING = "Export workflow is already running for this search.";
  static final String ONE_OF = "Provide either search_id or parsed_query, not both.";
  static final String MESSAGE = "Export started";

  private final SearchRegistry registry;
  private final StatsRecorder stats;
  private final Credits credits;
  private final long price;

  /** @param price cents charged when an export is created */
  public ExportHandler(SearchRegistry registry, StatsRecorder stats, Credits credits, long price) {
    this.registry = registry;
    this.stats = stats;
    this.credits = credits;
    this.price = price;
  }

  public ApiResponse handle(Exchange exchange) {
    BodyReader reader = BodyReader.parse(exchange.body());
    ApiResponse malformed = reader.problem();
    if (malformed != null) {
      return malformed;
    }
    String searchId = reader.optionalString("search_id");
    ObjectNode parsedQuery = reader.optionalObject("parsed_query");
    String mode = reader.enumValue("mode", "company", "people", "company");
    long maxResults = Math.min(Integer.MAX_VALUE,
        reader.integer("max_results", 1000, 1, Long.MAX_VALUE));
    reader.optionalStringList("exclude_public_ids", 1000);
    reader.optionalStringList("exclude_entity_ids", 1000);
    reader.optionalStringList("exclude_list_ids", 5);
    ApiResponse problem = reader.problem();
    if (problem != null) {
      return problem;
    }
    if ((searchId == null) == (parsedQuery == null)) {
      return ApiResponse.detail(400, ONE_OF);
    }
    Search search;
    if (searchId != null) {
      search = registry.search(searchId);
      if (search == null) {
        return ApiResponse.detail(404, QueryHandler.NOT_FOUND);
      }
      ApiResponse refusal = QueryHandler.refusal(search, exchange.now());
      if (refusal != null) {
        return refusal;
      }
    } else {
      search = registry.createFilter(Objects.requireNonNull(parsedQuery, "parsed_query"), null,
          Mode.of(mode), maxResults, exchange.now());
      stats.filterSearchCreated();
    }
    if (!credits.tryCharge(price)) {
      return ApiResponse.insufficientCredits();
    }
    SearchRegistry.ExportOutcome outcome = registry.export(search, maxResults, exchange.now());
    if (!outcome.created()) {
      credits.refund(price);
      return ApiResponse.detail(409, RUNNING);
    }
    stats.exportCreated();
    return ApiResponse.json(200, Json.object()
        .put("task_id", outcome.export().taskId())
        .put("status", outcome.export().statusAt(exchange.now()).wire())
        .put("message", MESSAGE));
  }
}

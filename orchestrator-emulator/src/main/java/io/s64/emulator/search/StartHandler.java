package io.s64.emulator.search;

import io.s64.emulator.http.ApiResponse;
import io.s64.emulator.http.BodyReader;
import io.s64.emulator.http.Exchange;
import io.s64.emulator.internal.Json;
import io.s64.emulator.limits.Credits;
import io.s64.emulator.rows.Mode;
import io.s64.emulator.state.Search;
import io.s64.emulator.state.SearchRegistry;
import io.s64.emulator.stats.StatsRecorder;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /search/start-deep-search}: validates the body, then, in one step of the registry,
 * replays a known {@code search_id} (same task, no slot, no charge), refuses a new search the
 * credit balance cannot cover (402), rejects the start when every slot is taken (429), or creates
 * a search and charges its price.
 */
public final class StartHandler {
  static final String MESSAGE = "Search started successfully";

  private final SearchRegistry registry;
  private final StatsRecorder stats;
  private final int slots;
  private final Credits credits;
  private final long price;

  /** @param price cents charged when a search is created */
  public StartHandler(SearchRegistry registry, StatsRecorder stats, int slots, Credits credits,
      long price) {
    this.registry = registry;
    this.stats = stats;
    this.slots = slots;
    this.credits = credits;
    this.price = price;
  }

  public ApiResponse handle(Exchange exchange) {
    BodyReader reader = BodyReader.parse(exchange.body());
    ApiResponse malformed = reader.problem();
    if (malformed != null) {
      return malformed;
    }
    String query = reader.requiredString("query");
    String mode = reader.enumValue("mode", "people", "people", "company");
    long maxResults = Math.min(Integer.MAX_VALUE,
        reader.integer("max_results", 1000, 1, Long.MAX_VALUE));
    String searchId = reader.optionalString("search_id");
    String outputMode = reader.enumValue("output_mode", "csv", "csv", "query_only");
    reader.optionalStringList("exclude_public_ids", 1000);
    reader.optionalStringList("exclude_entity_ids", 1000);
    reader.optionalStringList("exclude_list_ids", 5);
    ApiResponse problem = reader.problem();
    if (problem != null) {
      return problem;
    }
    // Charged up front and given back unless a search is created: a replayed start (a known
    // search_id) costs nothing, also when the balance is spent.
    boolean charged = credits.tryCharge(price);
    if (!charged && (searchId == null || registry.search(searchId) == null)) {
      return ApiResponse.insufficientCredits();
    }
    SearchRegistry.StartOutcome outcome = registry.start(new SearchRegistry.StartRequest(
        query, Mode.of(mode), maxResults, searchId, outputMode.equals("csv")), exchange.now());
    stats.start(outcome.result(), outcome.busy());
    if (charged && outcome.result() != SearchRegistry.StartResult.CREATED) {
      credits.refund(price);
    }
    Search search = outcome.search();
    switch (outcome.result()) {
      case CREATED:
      case REPLAYED:
        return started(search, exchange);
      case SLOTS_FULL:
        return ApiResponse.detail(429,
            "Too many concurrent deep searches (limit " + slots + " per organization)");
      default:
        return ApiResponse.detail(409,
            "search_id '" + searchId + "' already belongs to a search that is not a deep search.");
    }
  }

  private static ApiResponse started(@Nullable Search search, Exchange exchange) {
    if (search == null) {
      throw new IllegalStateException("a created or replayed start has a search");
    }
    return ApiResponse.json(200, Json.object()
        .put("task_id", search.taskId)
        .put("status", search.statusAt(exchange.now()).wire())
        .put("message", MESSAGE));
  }
}

package io.s64.emulator.search;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s64.emulator.http.ApiResponse;
import io.s64.emulator.http.BodyReader;
import io.s64.emulator.http.Exchange;
import io.s64.emulator.internal.Json;
import io.s64.emulator.rows.Mode;
import io.s64.emulator.rows.Row;
import io.s64.emulator.state.CursorStore;
import io.s64.emulator.state.Search;
import io.s64.emulator.state.SearchRegistry;
import io.s64.emulator.state.TaskStatus;
import io.s64.emulator.stats.StatsRecorder;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /search/query}: a first page from exactly one query source ({@code search_id},
 * {@code simple_filters}, {@code filters}, {@code parsed_query} or natural-language {@code query}),
 * or the next page from a body of {@code {"cursor": ...}} alone. Filter and natural-language
 * sources create a filter search with its own {@code search_id}; every source is normalized into
 * the {@code parsed_query} the response echoes, so sending that back yields the same rows.
 */
public final class QueryHandler {
  static final String ONE_SOURCE = "Provide exactly one query source: "
      + "search_id, simple_filters, filters, parsed_query or query.";
  static final String CURSOR_ALONE = "Cursor requests must send only {\"cursor\": ...}.";
  static final String CURSOR_INVALID = "Cursor expired or invalid";
  static final String NOT_FOUND = "Search not found or has no parsed_query.";
  static final String NOT_COMPLETED = "Search is not completed yet.";
  static final String NL_PEOPLE_ONLY =
      "Natural-language query is only supported in people mode.";
  private static final List<String> SOURCES =
      List.of("search_id", "simple_filters", "filters", "parsed_query", "query");
  private static final int TOTAL_AVAILABLE_CAP = 50_000;

  private final SearchRegistry registry;
  private final CursorStore cursors;
  private final StatsRecorder stats;
  private final boolean shortPages;

  public QueryHandler(SearchRegistry registry, CursorStore cursors, StatsRecorder stats,
      boolean shortPages) {
    this.registry = registry;
    this.cursors = cursors;
    this.stats = stats;
    this.shortPages = shortPages;
  }

  public ApiResponse handle(Exchange exchange) {
    long started = System.nanoTime();
    BodyReader reader = BodyReader.parse(exchange.body());
    ApiResponse malformed = reader.problem();
    if (malformed != null) {
      return malformed;
    }
    String cursor = reader.optionalString("cursor");
    String searchId = reader.optionalString("search_id");
    ObjectNode simpleFilters = reader.optionalObject("simple_filters");
    ObjectNode filters = reader.optionalObject("filters");
    ObjectNode parsedQuery = reader.optionalObject("parsed_query");
    String naturalLanguage = reader.optionalString("query");
    String mode = reader.enumValue("mode", "company", "people", "company");
    int pageSize = (int) reader.integer("page_size", 10, 1, 100);
    long maxResults = Math.min(Integer.MAX_VALUE,
        reader.integer("max_results", 1000, 1, Long.MAX_VALUE));
    reader.optionalStringList("exclude_public_ids", 1000);
    reader.optionalStringList("exclude_entity_ids", 1000);
    reader.optionalStringList("exclude_list_ids", 5);
    reader.bool("location_expansion_enabled", true);
    reader.integer("location_expansion_radius_miles", 10, 5, 200);
    ApiResponse problem = reader.problem();
    if (problem != null) {
      return problem;
    }
    if (cursor != null) {
      return reader.present().size() > 1
          ? ApiResponse.detail(400, CURSOR_ALONE)
          : nextPage(cursor, exchange.now(), started);
    }
    long sources = SOURCES.stream().filter(reader::has).count();
    if (sources != 1) {
      return ApiResponse.detail(400, ONE_SOURCE);
    }
    Search search;
    if (searchId != null) {
      search = registry.search(searchId);
      if (search == null) {
        return ApiResponse.detail(404, NOT_FOUND);
      }
      ApiResponse refusal = refusal(search, exchange.now());
      if (refusal != null) {
        return refusal;
      }
    } else if (naturalLanguage != null && reader.has("mode") && mode.equals("company")) {
      return ApiResponse.detail(400, NL_PEOPLE_ONLY);
    } else {
      ObjectNode source = naturalLanguage != null ? Json.object().put("query", naturalLanguage)
          : simpleFilters != null ? Json.object().set("simple_filters", simpleFilters)
          : filters != null ? Json.object().set("filters", filters)
          : parsedQuery != null ? parsedQuery
          : Json.object();
      Mode sourceMode = naturalLanguage != null ? Mode.PEOPLE : Mode.of(mode);
      search = registry.createFilter(source, naturalLanguage, sourceMode, maxResults,
          exchange.now());
      stats.filterSearchCreated();
    }
    int cap = (int) Math.min(search.totalRows, maxResults);
    PagePlan page = PagePlan.of(0, 1, pageSize, cap, shortPages);
    String next = page.hasMore()
        ? cursors.issue(following(search, page, pageSize, cap, maxResults, exchange.now()),
            exchange.now())
        : null;
    return render(search, page, pageSize, cap, maxResults, next, started);
  }

  /**
   * Why the rows of {@code search} cannot be served now, or null when they can: 400 with its
   * error when it failed, 400 when it is not completed yet. Shared with the export endpoint.
   */
  static @Nullable ApiResponse refusal(Search search, Instant now) {
    TaskStatus status = search.statusAt(now);
    if (status == TaskStatus.FAILED) {
      return ApiResponse.detail(400, search.failure == null ? "Search failed." : search.failure);
    }
    return status == TaskStatus.COMPLETED ? null : ApiResponse.detail(400, NOT_COMPLETED);
  }

  private ApiResponse nextPage(String token, Instant now, long started) {
    CursorStore.Cursor cursor = cursors.find(token, now);
    if (cursor == null) {
      stats.cursorRefused();
      return ApiResponse.detail(400, CURSOR_INVALID);
    }
    PagePlan page = PagePlan.of(cursor.offset(), cursor.pageNumber(), cursor.pageSize(),
        cursor.cap(), shortPages);
    String next = page.hasMore()
        ? cursors.next(token, following(cursor.search(), page, cursor.pageSize(), cursor.cap(),
            cursor.maxResults(), now), now)
        : null;
    return render(cursor.search(), page, cursor.pageSize(), cursor.cap(), cursor.maxResults(),
        next, started);
  }

  private CursorStore.Cursor following(Search search, PagePlan page, int pageSize, int cap,
      long maxResults, Instant now) {
    return new CursorStore.Cursor(search, page.through(), pageSize, page.number() + 1, cap,
        maxResults, now.plus(cursors.ttl()));
  }

  private ApiResponse render(Search search, PagePlan page, int pageSize, int cap, long maxResults,
      @Nullable String next, long started) {
    List<Row> rows = registry.rows().rows(search.rowKey, search.mode, search.totalRows);
    ArrayNode results = Json.array();
    for (int i = page.offset(); i < page.through(); i++) {
      results.add(rows.get(i).fields());
    }
    search.markServed(page.offset(), page.through());
    if (page.hasMore() && page.count() < pageSize) {
      stats.shortPage();
    }
    ObjectNode node = Json.object()
        .put("total_results", page.through())
        .put("search_id", search.searchId)
        .put("resource_handle_id", "");
    node.putNull("csv_download_url");
    node.putNull("json_download_url");
    node.put("next_cursor", next);
    if (next == null) {
      node.putNull("cursor_expires_in_seconds");
    } else {
      node.put("cursor_expires_in_seconds", (cursors.ttl().toMillis() + 999) / 1000);
    }
    node.put("request_duration_ms", (System.nanoTime() - started) / 1_000_000)
        .put("has_more", page.hasMore())
        .put("page_size", pageSize)
        .put("page_count", page.count())
        .put("page_number", page.number());
    if (page.hasMore()) {
      node.putNull("total_pages");
    } else {
      node.put("total_pages", page.number());
    }
    node.put("max_pages", (maxResults + pageSize - 1) / pageSize)
        .put("remaining_results", cap - page.through());
    node.putNull("download_expires_in_seconds");
    if (search.mode == Mode.PEOPLE) {
      node.put("total_available", Math.min(search.available, TOTAL_AVAILABLE_CAP));
    } else {
      node.putNull("total_available");
    }
    node.put("exported_count", 0);
    node.set("results", results);
    node.set("parsed_query", search.parsedQuery);
    node.put("natural_language_query", search.naturalLanguage);
    return ApiResponse.json(200, node);
  }
}

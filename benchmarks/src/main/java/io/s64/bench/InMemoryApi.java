package io.s64.bench;

import io.s64.http.HttpTransport;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An in-process Sixtyfour API for measuring the pipeline without sockets: every deep search is
 * accepted, is terminal ({@code completed}) on its first poll, and has two result pages of {@value
 * #ROWS_PER_PAGE} rows (the first with a cursor, the second the last). Answers are prepared once
 * and returned synchronously, so what a benchmark measures is s64's own work: budget, slots,
 * polling, JSON decoding, paging, outcomes. Counts the requests it answers; thread-safe.
 */
final class InMemoryApi implements HttpTransport {
  /** Rows in each of the two pages. */
  static final int ROWS_PER_PAGE = 10;

  private static final Map<String, String> JSON = Map.of("content-type", "application/json");
  private static final Mono<Response> STARTED = answer(
      "{\"task_id\":\"task-1\",\"status\":\"queued\",\"message\":\"Search started successfully\"}");
  private static final Mono<Response> COMPLETED = answer(
      "{\"task_id\":\"task-1\",\"status\":\"completed\",\"current_phase\":3,"
          + "\"progress_message\":\"Finalizing results\",\"total_results\":" + 2 * ROWS_PER_PAGE
          + ",\"resource_handle_id\":null}");
  private static final Mono<Response> FIRST_PAGE = answer(page(0, "\"c-2\"", true));
  private static final Mono<Response> LAST_PAGE = answer(page(ROWS_PER_PAGE, "null", false));
  private static final Mono<Response> NOT_FOUND = Mono.just(new Response(404, JSON,
      "{\"detail\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8)));

  private final LongAdder starts = new LongAdder();
  private final LongAdder polls = new LongAdder();
  private final LongAdder pages = new LongAdder();

  private static Mono<Response> answer(String json) {
    return Mono.just(new Response(200, JSON, json.getBytes(StandardCharsets.UTF_8)));
  }

  private static String page(int from, String nextCursor, boolean hasMore) {
    StringBuilder rows = new StringBuilder();
    for (int i = from; i < from + ROWS_PER_PAGE; i++) {
      rows.append(i == from ? "" : ",")
          .append("{\"id\":\"p-").append(i).append("\",\"full_name\":\"Person ").append(i)
          .append("\",\"title\":\"VP Engineering\",\"company\":\"Company ").append(i)
          .append("\",\"location\":\"New York, NY\",\"linkedin_url\":\"https://linkedin.com/in/p-")
          .append(i).append("\"}");
    }
    return "{\"total_results\":" + (from + ROWS_PER_PAGE) + ",\"results\":[" + rows
        + "],\"next_cursor\":" + nextCursor + ",\"has_more\":" + hasMore + ",\"page_size\":"
        + ROWS_PER_PAGE + ",\"page_number\":" + (from / ROWS_PER_PAGE + 1) + "}";
  }

  @Override
  public Mono<Response> exchange(Request request) {
    String path = request.path();
    if (path.startsWith("/search/status/")) {
      polls.increment();
      return COMPLETED;
    }
    if (path.equals("/search/query")) {
      pages.increment();
      byte[] body = request.body();
      // {"cursor": ...} asks for the second page; a first request starts with its source field.
      return body != null && body.length > 2 && body[2] == 'c' ? LAST_PAGE : FIRST_PAGE;
    }
    if (path.equals("/search/start-deep-search")) {
      starts.increment();
      return STARTED;
    }
    return NOT_FOUND;
  }

  @Override
  public Flux<ByteBuffer> download(URI url, long offset) {
    return Flux.error(new UnsupportedOperationException("no files in memory"));
  }

  @Override
  public Mono<Void> close() {
    return Mono.empty();
  }

  long starts() {
    return starts.sum();
  }

  long polls() {
    return polls.sum();
  }

  long pages() {
    return pages.sum();
  }
}

package io.s64.batch;

import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.sink.RowSink;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.s64.RetryPolicy;
import io.s64.Sixtyfour;
import io.s64.job.Outcome.Status;
import io.s64.error.ApiException;
import io.s64.http.HttpTransport;
import io.s64.internal.Json;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Issue 11, defect 4: a batch remembers the exports it started so that a later export job of the
 * same search can attach to one still running. It must not attach to one that failed, nor reuse a
 * completed one whose file can no longer be downloaded.
 */
class ExportReuseTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private static final String SEARCH = "search-1";
  private static final int ROWS = 7;

  private VirtualTimeScheduler clock;
  private ExportServer server;
  private Batch batch;

  /**
   * Exports on virtual time: each runs 20 s and then fails or completes, as the test decides; a
   * completed export's file can be downloaded for {@link #fileLife} after it completes, then
   * {@code /search/download} answers 404 for its handle. A second export of a search while one
   * runs is refused with 409, as the API does.
   */
  static final class ExportServer implements HttpTransport {
    private static final long DURATION_MILLIS = 20_000;

    private record Export(String taskId, String searchId, long endsAt, boolean fails) {
      String handle() {
        return "rh-" + taskId;
      }
    }

    private final VirtualTimeScheduler clock;
    private final Map<String, Export> byTask = new LinkedHashMap<>();
    private final Map<String, Export> byHandle = new HashMap<>();
    /** Whether each next export fails; exports beyond the list complete. */
    final Deque<Boolean> fates = new ArrayDeque<>();
    Duration fileLife = Duration.ofHours(1);
    final List<String> log = new ArrayList<>();

    ExportServer(VirtualTimeScheduler clock) {
      this.clock = clock;
    }

    private long now() {
      return clock.now(TimeUnit.MILLISECONDS);
    }

    synchronized int exportsStarted() {
      return byTask.size();
    }

    @Override
    public synchronized Mono<Response> exchange(Request request) {
      long now = now();
      log.add((now - T0.toEpochMilli()) / 1000 + "s " + request);
      String path = request.path();
      if (path.equals("/search/export")) {
        String searchId = (String) Json.readObject(request.body(), "test").get("search_id");
        boolean running = byTask.values().stream()
            .anyMatch(e -> e.searchId().equals(searchId) && now < e.endsAt());
        if (running) {
          return reply(409, Map.of("detail", "Export workflow is already running for this search."));
        }
        Boolean fails = fates.poll();
        Export e = new Export("export-" + (byTask.size() + 1), searchId, now + DURATION_MILLIS,
            fails != null && fails);
        byTask.put(e.taskId(), e);
        byHandle.put(e.handle(), e);
        return reply(200, Map.of("task_id", e.taskId(), "status", "queued", "message", "Export started"));
      }
      if (path.startsWith("/search/status/")) {
        Export e = byTask.get(path.substring("/search/status/".length()));
        if (e == null) {
          return reply(404, Map.of("detail", "Search task or export file not found."));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("task_id", e.taskId());
        out.put("search_id", e.searchId());
        if (now < e.endsAt()) {
          out.put("status", "running");
        } else if (e.fails()) {
          out.put("status", "failed");
          out.put("error", "export worker crashed");
        } else {
          out.put("status", "completed");
          out.put("resource_handle_id", e.handle());
          out.put("exported_count", ROWS);
        }
        return reply(200, out);
      }
      if (path.startsWith("/search/download?resource_handle_id=")) {
        Export e = byHandle.get(path.substring(path.indexOf('=') + 1));
        if (e == null || e.fails() || now < e.endsAt() || now >= e.endsAt() + fileLife.toMillis()) {
          return reply(404, Map.of("detail", "Search task or export file not found."));
        }
        return reply(200, Map.of("url", "https://storage.test/exports/" + e.handle() + ".csv",
            "bucket", "exports", "path", e.handle() + ".csv"));
      }
      return reply(404, Map.of("detail", "Not Found"));
    }

    @Override
    public synchronized Flux<ByteBuffer> download(URI url, long offset) {
      String name = url.getPath().substring(url.getPath().lastIndexOf('/') + 1);
      Export e = byHandle.get(name.substring(0, name.length() - ".csv".length()));
      if (e == null) {
        return Flux.error(new ApiException("GET signed download URL", 404, "NoSuchKey", List.of()));
      }
      StringBuilder csv = new StringBuilder("id,full_name\n");
      for (int i = 0; i < ROWS; i++) {
        csv.append(e.searchId()).append('-').append(i).append(",Person ").append(i).append('\n');
      }
      byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
      return Flux.just(ByteBuffer.wrap(bytes, (int) offset, bytes.length - (int) offset));
    }

    private static Mono<Response> reply(int status, Object body) {
      return Mono.just(new Response(status, Map.of("content-type", "application/json"), Json.write(body)));
    }

    @Override
    public Mono<Void> close() {
      return Mono.empty();
    }
  }

  @BeforeEach
  void setUp() {
    clock = VirtualTimeScheduler.create();
    clock.advanceTimeTo(T0);
    server = new ExportServer(clock);
    Sixtyfour client = Sixtyfour.builder().apiKey("sk_test_key").transport(server).scheduler(clock)
        .retry(RetryPolicy.defaults().withJitter(0)).build();
    batch = Batch.builder(client).random(() -> 0.0).build();
  }

  /** One run of the batch with one export job of {@link #SEARCH}, after {@code wait}. */
  private Mono<Outcome> exportAfter(Duration wait, String jobId, RowSink.InMemory sink) {
    return Mono.delay(wait, clock)
        .then(batch.run(Flux.just(Job.export(jobId, SEARCH)), sink).single());
  }

  /** Runs the runs one after another on virtual time; their outcomes by job id. */
  @SafeVarargs
  private Map<String, Outcome> inTurn(Mono<Outcome>... runs) {
    List<Outcome> outcomes = new ArrayList<>();
    StepVerifier.withVirtualTime(() -> Flux.concat(runs), () -> clock, Long.MAX_VALUE)
        .thenAwait(Duration.ofHours(6))
        .recordWith(() -> outcomes)
        .thenConsumeWhile(o -> true)
        .expectComplete()
        .verify(Duration.ofSeconds(10));
    return outcomes.stream().collect(Collectors.toMap(Outcome::jobId, o -> o));
  }

  @Test
  void aFailedExportIsForgottenSoTheNextExportOfItsSearchStartsAnew() {
    server.fates.add(true);
    RowSink.InMemory rows = RowSink.inMemory();
    Map<String, Outcome> outcomes = inTurn(
        exportAfter(Duration.ZERO, "first", rows),
        exportAfter(Duration.ofMinutes(1), "second", rows));

    assertEquals(Status.FAILED, outcomes.get("first").status(), outcomes.get("first").toString());
    assertEquals(Outcome.Failure.Reason.SEARCH_FAILED, outcomes.get("first").failure().reason());
    Outcome second = outcomes.get("second");
    assertEquals(Status.COMPLETED, second.status(), second + "\n" + server.log);
    assertEquals(2, server.exportsStarted(), "the second job started an export of its own: " + server.log);
    assertEquals(ROWS, rows.rows("second").size());
  }

  @Test
  void aCompletedExportIsReusedOnlyWhileItsDownloadIsValid() {
    RowSink.InMemory rows = RowSink.inMemory();
    Map<String, Outcome> outcomes = inTurn(
        exportAfter(Duration.ZERO, "first", rows),
        exportAfter(Duration.ofMinutes(5), "soon", rows),
        exportAfter(Duration.ofHours(2), "later", rows));

    for (String job : List.of("first", "soon", "later")) {
      Outcome o = outcomes.get(job);
      assertEquals(Status.COMPLETED, o.status(), o + "\n" + server.log);
      assertEquals(ROWS, rows.rows(job).size(), job);
    }
    assertEquals("export-1", outcomes.get("soon").taskId(), "five minutes on, the file is reused");
    assertEquals("export-2", outcomes.get("later").taskId(),
        "two hours on, a new export: the old file is gone");
    assertEquals(2, server.exportsStarted(), server.log.toString());
  }
}

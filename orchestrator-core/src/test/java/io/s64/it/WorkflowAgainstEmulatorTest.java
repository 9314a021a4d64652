package io.s64.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.RetryPolicy;
import io.s64.Sixtyfour;
import io.s64.batch.Batch;
import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import io.s64.emulator.FaultKind;
import io.s64.emulator.WorkflowStats;
import io.s64.error.ApiException;
import io.s64.http.HttpTransport;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.job.Outcome.Failure.Reason;
import io.s64.model.Row;
import io.s64.model.Workflows;
import io.s64.poll.PollSchedule;
import io.s64.sink.RowSink;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Workflows through the client and the pipeline, over real HTTP against the emulator on a free
 * port: its demo lead workflow (webhook requiring full_name and company, lead_enrichment,
 * find_email), blocks that take a millisecond per row, live status read every 50–100 ms.
 */
class WorkflowAgainstEmulatorTest {
  /** The emulator's demo lead-enrichment workflow. */
  static final String LEADS = "6400000a-0000-4000-8000-000000000001";
  /** The emulator's demo workflow whose source is read_csv. */
  static final String CSV_IMPORT = "6400000a-0000-4000-8000-000000000003";

  private static Emulator emulator(UnaryOperator<EmulatorConfig.Builder> more) {
    return Emulator.start(more.apply(EmulatorConfig.builder().port(0).seed(64)
        .workflowRowTime(Duration.ofMillis(1))).build());
  }

  private static Sixtyfour client(String baseUrl, HttpTransport transport) {
    Sixtyfour.Builder b = Sixtyfour.builder().apiKey("sk_workflows").baseUrl(baseUrl)
        .responseTimeout(Duration.ofSeconds(5))
        .retry(RetryPolicy.defaults().withMaxAttempts(12).withBackoff(Duration.ofMillis(10),
            Duration.ofMillis(100)));
    return transport == null ? b.build() : b.transport(transport).build();
  }

  private static Sixtyfour client(Emulator emulator) {
    return client(emulator.baseUrl(), null);
  }

  private static Batch.Builder batch(Sixtyfour api) {
    return Batch.builder(api).workflowPoll(PollSchedule.defaults()
        .withCadence(Duration.ofMillis(50)).withJitter(1.0));
  }

  static List<Map<String, ?>> leads(int n, int marked, String marker) {
    List<Map<String, ?>> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("full_name", "Lead Number" + i);
      row.put("company", "Company " + (i % 13));
      row.put("ref", i == marked ? marker : "r" + i);
      rows.add(row);
    }
    return rows;
  }

  private static List<Outcome> run(Batch batch, List<Job> jobs, RowSink sink) {
    return batch.run(Flux.fromIterable(jobs), sink).collectList().block(Duration.ofSeconds(60));
  }

  @Test
  void fiveThousandRowsGoInTenRunsAndEveryResultRowArrivesExactlyOnce() {
    try (Emulator emulator = emulator(b -> b)) {
      Sixtyfour api = client(emulator);
      RowSink.InMemory sink = RowSink.inMemory();
      long t0 = System.nanoTime();
      Outcome o = run(batch(api).build(), List.of(Job.workflow("big", LEADS, leads(5000, -1, ""), 500,
          false)), sink).get(0);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(Outcome.Status.COMPLETED, o.status(), String.valueOf(o));
      WorkflowStats stats = emulator.stats().workflows();
      assertEquals(10, stats.runsStarted(), "one run per 500 rows");
      assertEquals(5000, stats.rowsSubmitted());
      assertEquals(10, stats.runs("completed"));
      List<Row> rows = sink.rows("big");
      assertEquals(stats.resultRowsServed(), rows.size(), "rows delivered = rows the server served");
      assertEquals(rows.size(), o.rows());
      assertEquals(rows.size(), rows.stream().map(Row::key).distinct().count(), "none twice");
      Map<Object, Long> perRun = rows.stream().collect(Collectors.groupingBy(r -> r.get("_run_id"),
          Collectors.counting()));
      assertEquals(10, perRun.size());
      Set<String> refs = rows.stream().map(r -> String.valueOf(r.get("ref"))).collect(Collectors.toSet());
      assertEquals(5000, refs.size(), "every lead came back (the demo keeps every row)");
      System.out.println("workflow 5000 rows: " + rows.size() + " result rows in " + perRun.size()
          + " runs, " + emulator.stats().requestsTotal() + " requests, " + ms + " ms");
    }
  }

  @Test
  void startsWhoseAnswerWasLostAreRetriedWithTheSameKeyAndStartOneRunEach() {
    try (Emulator emulator = emulator(b -> b.fault(FaultKind.LOST_START, 0.3))) {
      Sixtyfour api = client(emulator);
      RowSink.InMemory sink = RowSink.inMemory();
      Outcome o = run(batch(api).build(), List.of(Job.workflow("lossy", LEADS, leads(2000, -1, ""),
          200, false)), sink).get(0);
      assertEquals(Outcome.Status.COMPLETED, o.status(), String.valueOf(o));
      WorkflowStats stats = emulator.stats().workflows();
      long lost = emulator.stats().faults(FaultKind.LOST_START);
      assertTrue(lost > 0, "some start answers were lost");
      assertEquals(10, stats.runsStarted(), "one run per chunk however many answers were lost");
      assertTrue(stats.runsReplayed() >= 1, "a lost start was sent again and answered"
          + " already_started: " + stats);
      assertEquals(0, stats.idempotencyConflicts());
      assertEquals(2000, sink.rows("lossy").stream().map(r -> r.get("ref")).distinct().count());
      System.out.println("lost starts: " + lost + " lost answers (all endpoints), "
          + stats.runsReplayed() + " replays, " + stats.runsStarted() + " runs");
    }
  }

  @Test
  void theSeedsErrorsArriveAsTypedErrorsNamingTheProblem() {
    try (Emulator emulator = emulator(b -> b)) {
      // A transport that breaks the JSON of run starts, to send what the typed client never would.
      HttpTransport real = HttpTransport.netty(URI.create(emulator.baseUrl()), Duration.ofSeconds(5),
          Duration.ofSeconds(5), 8);
      HttpTransport breaking = new HttpTransport() {
        @Override
        public Mono<Response> exchange(Request r) {
          byte[] body = r.body();
          if (body != null && r.path().startsWith("/workflows/run")) {
            body = new String(body, StandardCharsets.UTF_8).replaceFirst("\\}\\]\\}$", "},]")
                .getBytes(StandardCharsets.UTF_8);
          }
          return real.exchange(new Request(r.method(), r.path(), r.headers(), body, r.mayGo()));
        }

        @Override
        public Flux<ByteBuffer> download(URI url, long offset) {
          return real.download(url, offset);
        }

        @Override
        public Mono<Void> close() {
          return real.close();
        }
      };
      Sixtyfour api = client(emulator);
      Map<String, ApiException> errors = new LinkedHashMap<>();
      errors.put("payload to a read_csv source", error(api.runWorkflow(
          Workflows.RunRequest.of(CSV_IMPORT, leads(2, -1, "")))));
      errors.put("read_csv source", error(api.runWorkflow(
          new Workflows.RunRequest(CSV_IMPORT, null, null, false, List.of(), "k-csv"))));
      errors.put("missing column", error(api.runWorkflow(
          Workflows.RunRequest.of(LEADS, List.of(Map.of("full_name", "Ada Lovelace"))))));
      errors.put("malformed JSON", error(client(emulator.baseUrl(), breaking).runWorkflow(
          Workflows.RunRequest.of(LEADS, leads(1, -1, "")))));
      errors.put("unknown workflow", error(api.workflow("6400000a-0000-4000-8000-0000000000ff")));
      errors.put("unknown run", error(api.workflowLiveStatus("6400000a-0000-4000-8000-0000000000ee")));
      errors.put("no blocks", error(api.createWorkflow(new Workflows.NewWorkflow("empty", "none",
          new Workflows.Graph(List.of(), List.of()), null))));
      errors.put("edge to a missing block", error(api.createWorkflow(new Workflows.NewWorkflow("e",
          "e", new Workflows.Graph(List.of(webhook("LEAD")), List.of(new Workflows.Edge("in",
          "nowhere", null))), null))));
      errors.put("incompatible blocks", error(api.createWorkflow(new Workflows.NewWorkflow("i", "i",
          new Workflows.Graph(List.of(webhook("LEAD"), new Workflows.Block(2, "company_enrichment",
              "company_enrichment", Map.of(), "co")), List.of(new Workflows.Edge("in", "co", null))),
          null))));
      Map<String, String> expected = new LinkedHashMap<>();
      expected.put("payload to a read_csv source", "400|not a webhook block");
      expected.put("read_csv source", "400|cannot be triggered through the API");
      expected.put("missing column", "400|company");
      expected.put("malformed JSON", "400|malformed JSON");
      expected.put("unknown workflow", "404|Workflow not found");
      expected.put("unknown run", "404|Workflow run not found");
      expected.put("no blocks", "422|at least one block");
      expected.put("edge to a missing block", "422|'nowhere', which does not exist");
      expected.put("incompatible blocks", "422|incompatible blocks");
      expected.forEach((what, want) -> {
        ApiException e = errors.get(what);
        String[] parts = want.split("\\|");
        assertEquals(Integer.parseInt(parts[0]), e.status(), what + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(parts[1]), what + ": " + e.getMessage());
      });
      assertEquals(0, emulator.stats().workflows().runsStarted(), "no refused start made a run");
      errors.forEach((what, e) -> System.out.println("seed error, " + what + ": " + e.getMessage()));
    }
  }

  private static Workflows.Block webhook(String type) {
    return new Workflows.Block(1, "webhook", "webhook", Map.of("dataframe_type", type), "in");
  }

  private static ApiException error(Mono<?> call) {
    try {
      call.block(Duration.ofSeconds(10));
    } catch (ApiException e) {
      return e;
    }
    throw new AssertionError("the call succeeded");
  }

  @Test
  void aFailingBlockFailsItsJobNamingTheBlockAndItsErrorMessage() {
    try (Emulator emulator = emulator(b -> b)) {
      Sixtyfour api = client(emulator);
      List<Outcome> outcomes = run(batch(api).build(), List.of(
          Job.workflow("bad", LEADS, leads(10, 4, "FAILME"), 10, false),
          Job.workflow("good", LEADS, leads(10, -1, ""), 10, false)), RowSink.inMemory());
      Outcome bad = outcomes.stream().filter(o -> o.jobId().equals("bad")).findFirst().orElseThrow();
      assertEquals(Outcome.Status.FAILED, bad.status());
      assertEquals(Reason.RUN_FAILED, bad.failure().reason());
      assertTrue(bad.failure().detail().matches("run [0-9a-f-]+ ended failed: block 'lead_enrichment':"
          + " lead_enrichment failed after 4 of 10 rows: a row carries the marker FAILME"),
          bad.failure().detail());
      assertTrue(outcomes.stream().anyMatch(o -> o.jobId().equals("good") && o.isSuccess()),
          "the other job went on: " + outcomes);
    }
  }

  @Test
  void aStalledRunIsCancelledAndItsJobFailsStalledOrIsReplacedOnce() {
    try (Emulator emulator = emulator(b -> b)) {
      Sixtyfour api = client(emulator);
      Outcome o = run(batch(api).stallTimeout(Duration.ofMillis(600)).build(), List.of(
          Job.workflow("stuck", LEADS, leads(10, 5, "STALLME"), 10, false)), RowSink.inMemory()).get(0);
      assertEquals(Reason.STALLED, o.failure().reason(), String.valueOf(o));
      assertTrue(o.failure().detail().matches("run [0-9a-f-]+ made no progress for 0\\.6s and was"
          + " cancelled"), o.failure().detail());
      assertEquals(1, emulator.stats().workflows().runs("cancelled"), "the stalled run was cancelled");

      Outcome again = run(batch(api).stallTimeout(Duration.ofMillis(600)).retryStalled(true).build(),
          List.of(Job.workflow("stuck-2", LEADS, leads(10, 5, "STALLME"), 10, false)),
          RowSink.inMemory()).get(0);
      // Every run of these rows stalls: the replacement too, and then the job fails, naming both.
      assertEquals(Reason.STALLED, again.failure().reason(), String.valueOf(again));
      assertTrue(again.failure().detail().matches("run [0-9a-f-]+ and its replacement [0-9a-f-]+ made"
          + " no progress for 0\\.6s and was cancelled"), again.failure().detail());
      assertEquals(3, emulator.stats().workflows().runsStarted(), "one replacement, no more");
      assertEquals(3, emulator.stats().workflows().runs("cancelled"));
    }
  }

  @Test
  void anExpiredResultLinkIsSignedAgainAndACutDownloadContinuesWhereItStopped() {
    try (Emulator emulator = emulator(b -> b.urlTtl(Duration.ofSeconds(1)))) {
      List<String> failures = new CopyOnWriteArrayList<>();
      HttpTransport real = HttpTransport.netty(URI.create(emulator.baseUrl()), Duration.ofSeconds(5),
          Duration.ofSeconds(5), 8);
      StorageFaults storage = new StorageFaults(real) {
        @Override
        Flux<ByteBuffer> faulty(int n, Flux<ByteBuffer> body) {
          if (n == 0) {
            // Start the first download after its link expired: the emulator refuses it.
            return Mono.delay(Duration.ofMillis(2500)).thenMany(body)
                .doOnError(e -> failures.add(e.getMessage()));
          }
          if (n == 1) {
            return first(body, 3000).concatWith(Mono.error(new io.s64.error.TransportException(
                "download cut", false, null)));
          }
          return body;
        }
      };
      Sixtyfour api = client(emulator.baseUrl(), storage);
      RowSink.InMemory sink = RowSink.inMemory();
      Outcome o = run(batch(api).csvChunkRows(10).build(), List.of(Job.workflow("links", LEADS,
          leads(300, -1, ""), 300, false)), sink).get(0);
      assertEquals(Outcome.Status.COMPLETED, o.status(), String.valueOf(o));
      assertEquals(1, failures.size(), "the first link had expired: " + failures);
      assertTrue(failures.get(0).contains("403"), failures.get(0));
      assertEquals(3, storage.offsets.size(), "expired, cut, finished: " + storage.offsets);
      assertEquals(0L, storage.offsets.get(1));
      assertTrue(storage.offsets.get(2) > 0 && storage.offsets.get(2) <= 3000,
          "the third download continued after the last committed row: " + storage.offsets);
      List<Row> rows = sink.rows("links");
      assertEquals(300, rows.stream().map(r -> r.get("ref")).distinct().count());
      assertEquals(300, rows.size(), "none twice");
      assertEquals(emulator.stats().workflows().resultRowsServed(), rows.size());
      Set<Object> numbers = new HashSet<>();
      rows.forEach(r -> numbers.add(r.get("_row")));
      assertEquals(300, numbers.size());
    }
  }
}

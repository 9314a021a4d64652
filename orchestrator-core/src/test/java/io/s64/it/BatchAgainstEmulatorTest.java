package io.s64.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.RetryPolicy;
import io.s64.Sixtyfour;
import io.s64.batch.Batch;
import io.s64.sink.RowSink;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.job.BatchEvent;
import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import io.s64.emulator.EmulatorStats;
import io.s64.emulator.FaultKind;
import io.s64.model.DeepSearchRequest;
import io.s64.model.DeepSearchRequest.Mode;
import io.s64.model.QueryRequest;
import io.s64.model.Row;
import io.s64.poll.PollSchedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** Whole batches against the real emulator with faults on: the invariants, end to end. */
class BatchAgainstEmulatorTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private Emulator emulator;
  private Sixtyfour api;

  private Batch.Builder start(UnaryOperator<EmulatorConfig.Builder> settings) {
    emulator = Emulator.start(settings.apply(EmulatorConfig.builder().port(0).seed(11)
        .searchDuration(Duration.ofMillis(200), Duration.ofSeconds(1))
        .exportDuration(Duration.ofMillis(100), Duration.ofMillis(300))
        .rateLimit(100).rateWindow(Duration.ofSeconds(1))).build());
    api = Sixtyfour.builder().apiKey("sk_batch_test").baseUrl(emulator.baseUrl())
        .rateLimit(100, Duration.ofSeconds(1))
        .responseTimeout(Duration.ofMillis(600))
        // With faults on, about 30 % of page requests fail (15 % spread over the kinds, plus lost
        // starts, which become resets elsewhere): 8 attempts would run out for one request in
        // 15,000 (0.3^8), a few times a year of CI runs; 12 attempts make it one in 2 million.
        .retry(RetryPolicy.defaults().withMaxAttempts(12).withBackoff(Duration.ofMillis(20), Duration.ofMillis(200)))
        .build();
    return Batch.builder(api)
        .poll(PollSchedule.defaults().withCadence(Duration.ofMillis(100)))
        .exportPoll(PollSchedule.defaults().withCadence(Duration.ofMillis(100)))
        .slotsBusyBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));
  }

  @AfterEach
  void stop() {
    api.close().block(Duration.ofSeconds(5));
    emulator.close();
  }

  private static List<Job> mixed(int deep, int filter) {
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < Math.max(deep, filter); i++) {
      if (i < deep) {
        jobs.add(Job.deep("deep-" + i, DeepSearchRequest.of("engineering leaders, batch " + i)
            .withMaxResults(20 + i * 3)));
      }
      if (i < filter) {
        jobs.add(Job.query("filter-" + i, QueryRequest.simpleFilters(
                Map.of("employees_count", Map.of("$gte", 10 * i))).withMode(Mode.COMPANY)
            .withPageSize(10).withMaxResults(15 + i)));
      }
    }
    return jobs;
  }

  /** Every job ended once, and each job's rows are exactly the rows the server has for its search. */
  private void assertExactlyOnce(List<Job> jobs, List<Outcome> outcomes, RowSink.InMemory sink) {
    assertEquals(jobs.size(), outcomes.size());
    assertEquals(jobs.stream().map(Job::id).collect(Collectors.toSet()),
        outcomes.stream().map(Outcome::jobId).collect(Collectors.toSet()));
    EmulatorStats stats = emulator.stats();
    for (Outcome o : outcomes) {
      assertEquals(Outcome.Status.COMPLETED, o.status(), o.toString());
      List<Row> rows = sink.rows(o.jobId());
      assertEquals(o.rows(), rows.size(), o.jobId());
      assertEquals(rows.size(), rows.stream().map(r -> r.get("id")).distinct().count(), "no duplicates in " + o.jobId());
      assertEquals(stats.rowsTotal().get(o.searchId()), Long.valueOf(rows.size()), "rows of " + o.jobId() + ": " + rows.stream().map(r -> String.valueOf(r.get("id"))).collect(Collectors.toList()));
    }
  }

  @Test
  void aMixedBatchWithFaultsEndsEveryJobOnceWithEveryRowOnce() {
    Batch batch = start(b -> b.faultRate(0.15).fault(FaultKind.LOST_START, 0.15).shortPages(true)
            .slowResponseDelay(Duration.ofSeconds(2)))
        .pageSize(25).build();
    List<Job> jobs = mixed(30, 60);
    RowSink.InMemory sink = RowSink.inMemory();
    List<Outcome> outcomes = batch.run(Flux.fromIterable(jobs), sink).collectList().block(WAIT);
    assertExactlyOnce(jobs, outcomes, sink);
    EmulatorStats stats = emulator.stats();
    assertTrue(stats.peakConcurrentSearches() <= 5, "peak " + stats.peakConcurrentSearches());
    assertEquals(0, stats.rateLimited(), "no rate 429");
    assertEquals(0, stats.slotsBusy(), "no slots 429");
    assertEquals(30, stats.searchesCreated(), "one search per deep job, retried starts included");
    long faults = stats.faultsByKind().values().stream().mapToLong(Long::longValue).sum();
    assertTrue(faults > 0.1 * stats.requestsTotal(), "faults were injected: " + stats.faultsByKind());
    assertTrue(stats.faults(FaultKind.LOST_START) > 0, "lost starts happened");
  }

  @Test
  void pollEventsCarryThePhaseProgressAndIterationsUpToTheTerminalStatus() {
    Batch batch = start(b -> b.searchDuration(Duration.ofSeconds(1), Duration.ofSeconds(1))).build();
    List<BatchEvent.Polled> polls = new CopyOnWriteArrayList<>();
    Disposable following = batch.events().ofType(BatchEvent.Polled.class).subscribe(polls::add);
    List<Outcome> outcomes = batch.run(Flux.just(Job.deep("deep", DeepSearchRequest.of("heads of data"))),
        RowSink.inMemory()).collectList().block(WAIT);
    following.dispose();
    assertEquals(Outcome.Status.COMPLETED, outcomes.get(0).status(), outcomes.toString());
    assertTrue(polls.size() >= 3, "polled every 100 ms for 1 s: " + polls);
    BatchEvent.Polled last = polls.get(polls.size() - 1);
    assertEquals("completed", last.status());
    assertEquals(outcomes.get(0).taskId(), last.taskId());
    assertEquals(3, last.currentPhase());
    assertEquals(3, last.iterations());
    assertEquals("Finalizing results", last.progressMessage());
    for (int i = 1; i < polls.size(); i++) {
      assertTrue(polls.get(i).iterations() >= polls.get(i - 1).iterations(), "iterations never go back: " + polls);
    }
    assertTrue(polls.stream().anyMatch(p -> p.status().equals("running") && p.currentPhase() != null
        && p.progressMessage() != null), "running polls carry their progress: " + polls);
  }

  @Test
  void csvResultsSurviveCutDownloadsWithoutLosingOrRepeatingRows() {
    Batch batch = start(b -> b.downloadCut(0.5)).csvResults(true).downloadAttempts(20).build();
    List<Job> jobs = mixed(8, 0);
    RowSink.InMemory sink = RowSink.inMemory();
    List<Outcome> outcomes = batch.run(Flux.fromIterable(jobs), sink).collectList().block(WAIT);
    assertExactlyOnce(jobs, outcomes, sink);
    assertTrue(emulator.stats().downloadsCut() > 0, "downloads were cut");
    assertEquals(0, emulator.stats().requests("POST /search/query"), "rows came from the CSV files");
    Row any = sink.rows("deep-0").get(0);
    assertTrue(any.get("id") instanceof String, "CSV values are strings");
  }

  @Test
  void requeriesAndExportsOfEarlierSearchesIncludingAnExportAlreadyRunning() {
    Batch batch = start(b -> b).build();
    List<Outcome> first = batch.run(Flux.fromIterable(mixed(3, 0)), RowSink.inMemory()).collectList().block(WAIT);
    String s0 = first.get(0).searchId();
    String s1 = first.get(1).searchId();
    api.export(s1).block(WAIT); // someone else's export of s1 is running: the job must attach
    List<Job> jobs = List.of(Job.query("again", QueryRequest.searchId(s0).withPageSize(7)),
        Job.export("export-0", s0), Job.export("export-1", s1));
    RowSink.InMemory sink = RowSink.inMemory();
    List<Outcome> outcomes = batch.run(Flux.fromIterable(jobs), sink).collectList().block(WAIT);
    assertExactlyOnce(jobs, outcomes, sink);
    assertEquals(sink.rows("again").stream().map(r -> String.valueOf(r.get("id"))).collect(Collectors.toList()),
        sink.rows("export-0").stream().map(r -> String.valueOf(r.get("id"))).collect(Collectors.toList()));
    assertTrue(emulator.stats().responses(409) >= 1, "the running export answered 409");
  }

  @Test
  void aBatchOnAnEndlessQueueServesJobsAsTheyArrive() {
    Batch batch = start(b -> b).build();
    reactor.core.publisher.Sinks.Many<Job> queue = reactor.core.publisher.Sinks.many().unicast().onBackpressureBuffer();
    RowSink.InMemory sink = RowSink.inMemory();
    Flux<Outcome> outcomes = batch.run(queue.asFlux(), sink);
    List<Outcome> got = new java.util.concurrent.CopyOnWriteArrayList<>();
    reactor.core.Disposable running = outcomes.subscribe(got::add);
    List<Job> jobs = mixed(4, 4);
    jobs.forEach(queue::tryEmitNext);
    Flux.interval(Duration.ofMillis(20)).takeUntil(t -> got.size() == jobs.size())
        .blockLast(WAIT);
    assertExactlyOnce(jobs, got, sink);
    running.dispose();
  }
}

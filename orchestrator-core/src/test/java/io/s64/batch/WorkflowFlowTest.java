package io.s64.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.RetryPolicy;
import io.s64.Sixtyfour;
import io.s64.job.BatchEvent;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.job.Outcome.Failure.Reason;
import io.s64.job.Outcome.Status;
import io.s64.model.Row;
import io.s64.poll.PollSchedule;
import io.s64.sink.RowSink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Workflow jobs in the pipeline, on virtual time against an in-process workflow server. */
class WorkflowFlowTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private VirtualTimeScheduler clock;
  private FakeWorkflowApi api;
  private Sixtyfour client;

  @BeforeEach
  void setUp() {
    clock = VirtualTimeScheduler.create();
    clock.advanceTimeTo(T0);
    api = new FakeWorkflowApi(clock);
    client = Sixtyfour.builder().apiKey("sk_test").transport(api).scheduler(clock)
        .retry(RetryPolicy.defaults().withJitter(0)).build();
  }

  private List<Outcome> run(Batch.Builder batch, List<Job> jobs, RowSink sink, Duration time) {
    List<Outcome> out = new ArrayList<>();
    StepVerifier.create(batch.random(() -> 0.5).build().run(Flux.fromIterable(jobs), sink))
        .then(() -> clock.advanceTimeBy(time))
        .recordWith(() -> out)
        .thenConsumeWhile(o -> true)
        .expectComplete()
        .verify(Duration.ofSeconds(10));
    return out;
  }

  private static List<Map<String, ?>> rows(int n, String special) {
    List<Map<String, ?>> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(Map.of("name", i == n - 1 && !special.isEmpty() ? special : "Lead" + i));
    }
    return rows;
  }

  @Test
  void rowsGoInRunsOfRowsPerRunAndEachResultRowArrivesOnceWithItsRun() {
    RowSink.InMemory sink = RowSink.inMemory();
    List<BatchEvent> events = new ArrayList<>();
    Batch.Builder b = Batch.builder(client);
    Job job = Job.workflow("leads", "wf", rows(25, ""), 10, false);
    List<Outcome> outcomes = run(b, List.of(job), sink, Duration.ofMinutes(5));
    Outcome o = outcomes.get(0);
    assertEquals(Status.COMPLETED, o.status(), o.toString());
    assertEquals(25, o.rows());
    assertEquals("3 runs", o.message());
    assertEquals(3, api.runsCreated());
    List<Row> rows = sink.rows("leads");
    assertEquals(25, rows.size());
    assertEquals(25, rows.stream().map(Row::key).collect(Collectors.toSet()).size());
    assertEquals(Set.of("run-1", "run-2", "run-3"),
        rows.stream().map(r -> r.get("_run_id")).collect(Collectors.toSet()));
    assertEquals("lead0@example.com", rows.get(0).get("email"));
    assertEquals(List.of(1L, 2L, 3L), rows.subList(0, 3).stream().map(r -> r.get("_row"))
        .collect(Collectors.toList()));
  }

  @Test
  void liveStatusIsPolledEveryFiveToTenSeconds() {
    Batch.Builder b = Batch.builder(client);
    List<BatchEvent> polls = new ArrayList<>();
    Batch batch = b.random(() -> 0.5).build();
    batch.events().filter(e -> e instanceof BatchEvent.RunPolled).subscribe(polls::add);
    StepVerifier.create(batch.run(Flux.just(Job.workflow("j", "wf", rows(30, ""), 30, false)),
            RowSink.inMemory()))
        .then(() -> clock.advanceTimeBy(Duration.ofMinutes(5)))
        .expectNextCount(1).expectComplete().verify(Duration.ofSeconds(10));
    // 60 s of work, polled every 7.5 s (5 s and half the jitter): the run ends at the 8th poll.
    assertEquals(8, polls.size(), polls.toString());
    BatchEvent.RunPolled first = (BatchEvent.RunPolled) polls.get(0);
    assertEquals("webhook", first.currentBlock());
    assertEquals(100.0 * 7 / 30, first.blockPercent(), "7 of 30 rows at the first poll, 7.5 s in");
  }

  @Test
  void aFailedRunFailsItsJobNamingTheBlockAndItsError() {
    List<Outcome> outcomes = run(Batch.builder(client), List.of(
        Job.workflow("bad", "wf", rows(10, "FAIL"), 10, false)), RowSink.inMemory(), Duration.ofMinutes(5));
    Outcome o = outcomes.get(0);
    assertEquals(Status.FAILED, o.status());
    assertEquals(Reason.RUN_FAILED, o.failure().reason());
    assertEquals("run run-1 ended failed: block 'find_email': email provider timed out",
        o.failure().detail());
  }

  @Test
  void aStalledRunIsCancelledAndItsJobFailsStalled() {
    List<Outcome> outcomes = run(Batch.builder(client).stallTimeout(Duration.ofMinutes(30)),
        List.of(Job.workflow("slow", "wf", rows(10, "STALL"), 10, false)), RowSink.inMemory(),
        Duration.ofMinutes(45));
    Outcome o = outcomes.get(0);
    assertEquals(Status.FAILED, o.status());
    assertEquals(Reason.STALLED, o.failure().reason());
    assertEquals("run run-1 made no progress for 30m and was cancelled", o.failure().detail());
    assertEquals(List.of("run-1"), api.cancels);
    Duration after = Duration.between(T0, o.finishedAt());
    assertTrue(after.compareTo(Duration.ofMinutes(30)) > 0 && after.compareTo(Duration.ofMinutes(31)) < 0,
        "cancelled within a poll of 30 min without progress (10 s of progress first): " + after);
  }

  @Test
  void retryStalledStartsOneFreshRunAndTheOutcomeNamesBoth() {
    List<Outcome> outcomes = run(Batch.builder(client).stallTimeout(Duration.ofMinutes(1)).retryStalled(true),
        List.of(Job.workflow("slow", "wf", rows(10, "STALL"), 10, false)), RowSink.inMemory(),
        Duration.ofMinutes(10));
    Outcome o = outcomes.get(0);
    // The fake stalls every run of these rows: the replacement stalls too, and the job fails.
    assertEquals(Reason.STALLED, o.failure().reason(), o.toString());
    assertEquals("run run-1 and its replacement run-2 made no progress for 1m and was cancelled",
        o.failure().detail());
    assertEquals(List.of("run-1", "run-2"), api.cancels);
    assertEquals(2, api.runsCreated(), "one replacement, no more");
  }

  @Test
  void aReplacementOfAStalledRunThatCompletesDeliversItsRowsAndTheOutcomeNamesBothRuns() {
    RowSink.InMemory sink = RowSink.inMemory();
    List<Outcome> outcomes = run(Batch.builder(client).stallTimeout(Duration.ofMinutes(1)).retryStalled(true),
        List.of(Job.workflow("slow", "wf", rows(10, "STALL_ONCE"), 10, false)), sink,
        Duration.ofMinutes(10));
    Outcome o = outcomes.get(0);
    assertEquals(Status.COMPLETED, o.status(), o.toString());
    assertEquals("1 run; run run-1 stalled and was cancelled; run run-2 replaced it (both are paid for)",
        o.message());
    assertEquals(List.of("run-1"), api.cancels);
    assertEquals(Set.of("run-2"), sink.rows("slow").stream().map(r -> r.get("_run_id"))
        .collect(Collectors.toSet()));
    assertEquals(10, sink.rows("slow").size());
  }

  @Test
  void aJobStartedAgainFindsItsRunsByTheirKeysAndStartsNoneTwice() {
    Job job = Job.workflow("again", "wf", rows(20, ""), 10, false);
    RowSink.InMemory sink = RowSink.inMemory();
    run(Batch.builder(client).dedup(false), List.of(job), sink, Duration.ofMinutes(5));
    run(Batch.builder(client).dedup(false), List.of(job), RowSink.inMemory(), Duration.ofMinutes(5));
    assertEquals(2, api.runsCreated(), "the second batch re-attached to both runs");
    assertEquals(4, api.starts);
    assertNotEquals(WorkflowFlow.key((Job.Workflow) job, 0, 0), WorkflowFlow.key((Job.Workflow) job, 1, 0));
    assertNotEquals(WorkflowFlow.key((Job.Workflow) job, 0, 0), WorkflowFlow.key((Job.Workflow) job, 0, 1));
    Set<String> keys = new HashSet<>();
    sink.rows("again").forEach(r -> keys.add(r.key()));
    assertEquals(20, keys.size());
  }

  /** The events a batch recorded for {@code job}, as a journal would keep them. */
  private List<BatchEvent> journalled(Batch.Builder b, Job job, RowSink sink, Duration time) {
    List<BatchEvent> events = new ArrayList<>();
    Batch batch = b.random(() -> 0.5).build();
    batch.events().filter(e -> !(e instanceof BatchEvent.RunPolled || e instanceof BatchEvent.Snapshot))
        .subscribe(events::add);
    StepVerifier.create(batch.run(Flux.just(job), sink))
        .then(() -> clock.advanceTimeBy(time))
        .expectNextCount(1).expectComplete().verify(Duration.ofSeconds(10));
    return events;
  }

  /** The job resumed from {@code events}, replayed into its progress as a resumed run does. */
  private static Job resumed(Job job, List<BatchEvent> events) {
    Job.Progress p = Job.Progress.NONE;
    for (BatchEvent e : events) {
      p = p.apply(e);
    }
    return job.withResume(new Job.Resume(p, Set.of()));
  }

  @Test
  void aResumedJobReattachesToTheRunsItsJournalNamesWithoutAStartEvenWhenTheServerForgotTheKeys() {
    Job job = Job.workflow("kept", "wf", rows(30, ""), 10, false);
    List<BatchEvent> events = journalled(Batch.builder(client), job, RowSink.inMemory(), Duration.ofMinutes(5));
    // The process died after its three starts were journalled, before any row was committed.
    List<BatchEvent> beforeCrash = events.stream()
        .filter(e -> e instanceof BatchEvent.Admitted || e instanceof BatchEvent.Started).toList();
    assertEquals(4, beforeCrash.size(), events.toString());
    Job.Progress replayed = resumed(job, beforeCrash).resume().progress();
    assertEquals(List.of("run-1", "run-2", "run-3"), replayed.runs().values().stream()
        .sorted(java.util.Comparator.comparingInt(Job.RunStart::index)).map(Job.RunStart::runId).toList());
    api.forgetKeys();
    int startsBefore = api.starts;

    RowSink.InMemory sink = RowSink.inMemory();
    List<BatchEvent> second = journalled(Batch.builder(client), resumed(job, beforeCrash), sink,
        Duration.ofMinutes(5));
    assertEquals(startsBefore, api.starts, "no start sent for a run the journal names");
    assertEquals(3, api.runsCreated());
    assertEquals(30, sink.rows("kept").size());
    Outcome o = ((BatchEvent.Finished) second.get(second.size() - 1)).outcome();
    assertEquals(Status.COMPLETED, o.status(), o.toString());
    assertEquals(List.of("run-1", "run-2", "run-3"), second.stream()
        .filter(e -> e instanceof BatchEvent.Started).map(e -> ((BatchEvent.Started) e).taskId())
        .toList(), "each run re-attached (and journalled again) by its id");
  }

  @Test
  void aRunWhoseStartTheJournalLostIsStartedAgainUnderItsKeyAndFindsItsRun() {
    Job job = Job.workflow("lost", "wf", rows(30, ""), 10, false);
    List<BatchEvent> events = journalled(Batch.builder(client), job, RowSink.inMemory(), Duration.ofMinutes(5));
    // Run 2's start was answered but its answer never reached the journal.
    List<BatchEvent> beforeCrash = events.stream()
        .filter(e -> e instanceof BatchEvent.Admitted || e instanceof BatchEvent.Started s
            && s.run().index() != 1).toList();
    int startsBefore = api.starts;

    RowSink.InMemory sink = RowSink.inMemory();
    journalled(Batch.builder(client), resumed(job, beforeCrash), sink, Duration.ofMinutes(5));
    assertEquals(startsBefore + 1, api.starts, "one start, for the run without a recorded id");
    assertEquals(3, api.runsCreated(), "the key found the run the server already had");
    assertEquals(Set.of("run-1", "run-2", "run-3"), sink.rows("lost").stream()
        .map(r -> r.get("_run_id")).collect(Collectors.toSet()));
    assertEquals(30, sink.rows("lost").size());
  }

  @Test
  void aResumedJobWhoseRunWasCancelledForStallingStartsItsReplacementNotTheCancelledRun() {
    Job job = Job.workflow("slow", "wf", rows(10, "STALL_ONCE"), 10, false);
    List<BatchEvent> events = journalled(Batch.builder(client).stallTimeout(Duration.ofMinutes(1)),
        job, RowSink.inMemory(), Duration.ofMinutes(10));
    // The process died after cancelling run-1, before its outcome (or a replacement) was journalled.
    List<BatchEvent> beforeCrash = events.stream().filter(e -> !(e instanceof BatchEvent.Finished)).toList();
    Job resumed = resumed(job, beforeCrash);
    assertTrue(resumed.resume().progress().runs().get(0).stalled(), beforeCrash.toString());

    RowSink.InMemory sink = RowSink.inMemory();
    List<BatchEvent> second = journalled(Batch.builder(client).stallTimeout(Duration.ofMinutes(1))
        .retryStalled(true), resumed, sink, Duration.ofMinutes(10));
    Outcome o = ((BatchEvent.Finished) second.get(second.size() - 1)).outcome();
    assertEquals(Status.COMPLETED, o.status(), o.toString());
    assertEquals("1 run; run run-1 stalled and was cancelled; run run-2 replaced it (both are paid for)",
        o.message());
    assertEquals(List.of("run-1"), api.cancels, "the cancelled run is not cancelled twice");
    assertEquals(2, api.runsCreated());
    assertEquals(10, sink.rows("slow").size());

    // Resumed once more from everything so far: the replacement is re-attached, nothing started.
    int starts = api.starts;
    List<BatchEvent> all = new ArrayList<>(beforeCrash);
    second.stream().filter(e -> e instanceof BatchEvent.Started || e instanceof BatchEvent.Terminal)
        .forEach(all::add);
    Job again = resumed(job, all);
    assertEquals(new Job.RunStart(0, 1, "run-2", "run-1", false), again.resume().progress().runs().get(0));
    List<BatchEvent> third = journalled(Batch.builder(client).stallTimeout(Duration.ofMinutes(1)),
        again, RowSink.inMemory(), Duration.ofMinutes(10));
    Outcome o3 = ((BatchEvent.Finished) third.get(third.size() - 1)).outcome();
    assertEquals(Status.COMPLETED, o3.status(), o3.toString());
    assertEquals(o.message(), o3.message());
    assertEquals(starts, api.starts);
  }

  @Test
  void theWorkflowPollScheduleIsConfigurable() {
    Batch.Builder b = Batch.builder(client).workflowPoll(PollSchedule.defaults()
        .withCadence(Duration.ofSeconds(1)).withJitter(0));
    List<Outcome> outcomes = run(b, List.of(Job.workflow("fast", "wf", rows(3, ""), 10, false)),
        RowSink.inMemory(), Duration.ofMinutes(1));
    assertEquals(T0.plusSeconds(6), outcomes.get(0).finishedAt(), "6 s of work, polled every second");
  }
}

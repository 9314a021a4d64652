package io.s64.batch;

import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.job.BatchEvent;
import io.s64.sink.RowSink;
import io.s64.journal.Journal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.RetryPolicy;
import io.s64.Sixtyfour;
import io.s64.job.Outcome.Status;
import io.s64.model.DeepSearchRequest;
import io.s64.poll.PollSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Single flight: a duplicate waits for its original, ends with its original's fate next to
 * {@code duplicate_of}, and never starts a second search. Virtual time against {@link FakeApi}.
 */
class DedupSingleFlightTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  private VirtualTimeScheduler clock;
  private FakeApi api;

  @BeforeEach
  void setUp() {
    clock = VirtualTimeScheduler.create();
    clock.advanceTimeTo(T0);
  }

  private Sixtyfour client(int slots) {
    api = new FakeApi(clock, 5);
    return Sixtyfour.builder().apiKey("sk_test_key").transport(api).scheduler(clock).slots(slots)
        .retry(RetryPolicy.defaults().withJitter(0)).build();
  }

  private Batch.Builder batch(Sixtyfour client) {
    return Batch.builder(client).random(() -> 0.0);
  }

  private static Job.DeepSearch deep(String id, String query) {
    return Job.deep(id, DeepSearchRequest.of(query));
  }

  private Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  private List<Outcome> runAll(Batch batch, Flux<Job> jobs, Duration enough) {
    List<Outcome> outcomes = new ArrayList<>();
    StepVerifier.withVirtualTime(() -> batch.run(jobs, RowSink.inMemory()), () -> clock, Long.MAX_VALUE)
        .thenAwait(enough)
        .recordWith(() -> outcomes)
        .thenConsumeWhile(o -> true)
        .expectComplete()
        .verify(Duration.ofSeconds(10));
    return outcomes;
  }

  private static Map<String, Outcome> byId(List<Outcome> outcomes) {
    return outcomes.stream().collect(Collectors.toMap(Outcome::jobId, o -> o));
  }

  @Test
  void aDuplicateWaitsForItsOriginalsOutcome() {
    Sixtyfour client = client(5);
    List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    batch(client).build()
        .run(Flux.just(deep("a", "CTO in Berlin 30s"), deep("b", "cto  in berlin 30s")), RowSink.inMemory())
        .subscribe(outcomes::add);
    clock.advanceTimeBy(Duration.ofSeconds(29));
    assertEquals(List.of(), outcomes, "a's search runs 30 s: neither job has an outcome yet");
    clock.advanceTimeBy(Duration.ofMinutes(2));
    Outcome a = byId(outcomes).get("a");
    Outcome dup = byId(outcomes).get("b");
    assertEquals(Status.COMPLETED, a.status());
    assertEquals(Status.DUPLICATE, dup.status());
    assertEquals("a", dup.duplicateOf());
    assertTrue(dup.isSuccess());
    assertEquals(0, dup.rows(), "the rows belong to the original");
    assertFalse(dup.finishedAt().isBefore(a.terminalAt()),
        "the duplicate ended once its original had: " + dup.finishedAt() + " < " + a.terminalAt());
    assertEquals(1, api.searches().size());
  }

  @Test
  void aDuplicateOfAFailedJobIsVisiblyFailed() {
    Sixtyfour client = client(5);
    List<Outcome> outcomes = runAll(batch(client).build(),
        Flux.just(deep("a", "FAILME leads 30s"), deep("b", "FAILME   leads 30s")), Duration.ofMinutes(5));
    Outcome a = byId(outcomes).get("a");
    Outcome dup = byId(outcomes).get("b");
    assertEquals(Status.FAILED, a.status());
    assertEquals(Status.FAILED, dup.status(), "a duplicate of a failed job is not a success: " + dup);
    assertFalse(dup.isSuccess());
    assertEquals("a", dup.duplicateOf());
    assertEquals(a.failure(), dup.failure(), "the original's error, word for word");
    assertEquals(0, dup.rows());
    assertEquals(1, api.searches().size(), "the duplicate did not search again");
  }

  @Test
  void aDuplicateOfATimedOutJobTimesOutWithIt() {
    Sixtyfour client = client(5);
    Batch b = batch(client).poll(PollSchedule.defaults().withDeadline(Duration.ofSeconds(60))).build();
    List<Outcome> outcomes = runAll(b, Flux.just(deep("a", "alpha 600s"), deep("b", "ALPHA 600s")),
        Duration.ofMinutes(5));
    Outcome a = byId(outcomes).get("a");
    Outcome dup = byId(outcomes).get("b");
    assertEquals(Status.TIMED_OUT, a.status());
    assertEquals(Status.TIMED_OUT, dup.status(), dup.toString());
    assertEquals("a", dup.duplicateOf());
    assertEquals(a.message(), dup.message());
    assertNull(dup.taskId(), "the task is the original's: a resumed run re-attaches through it");
    assertEquals(1, api.searches().size());
  }

  @Test
  void aJobAfterAFailedOriginalRunsAgain() {
    Sixtyfour client = client(5);
    Sinks.Many<Job> queue = Sinks.many().unicast().onBackpressureBuffer();
    List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    Disposable run = batch(client).build().run(queue.asFlux(), RowSink.inMemory()).subscribe(outcomes::add);
    queue.tryEmitNext(deep("a", "FAILME leads 30s"));
    clock.advanceTimeBy(Duration.ofSeconds(5));
    queue.tryEmitNext(deep("b", "FAILME leads 30s")); // while a runs: it takes a's fate
    clock.advanceTimeBy(Duration.ofSeconds(40));
    assertEquals(Set.of("a", "b"), byId(outcomes).keySet());
    assertEquals(Status.FAILED, byId(outcomes).get("b").status());
    queue.tryEmitNext(deep("c", "FAILME leads 30s")); // after a failed: asked again, so it runs
    clock.advanceTimeBy(Duration.ofSeconds(45));
    Outcome c = byId(outcomes).get("c");
    assertEquals(2, api.searches().size(), "c started a search of its own: " + c);
    assertEquals(Status.FAILED, c.status());
    assertNull(c.duplicateOf());
    assertTrue(c.requests() > 0, "c sent its own requests");
    queue.tryEmitComplete();
    run.dispose();
  }

  @Test
  void aJobAfterACompletedOriginalIsItsDuplicateAtOnce() {
    Sixtyfour client = client(5);
    Sinks.Many<Job> queue = Sinks.many().unicast().onBackpressureBuffer();
    List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    Disposable run = batch(client).build().run(queue.asFlux(), RowSink.inMemory()).subscribe(outcomes::add);
    queue.tryEmitNext(deep("a", "CTO in Berlin 30s"));
    clock.advanceTimeBy(Duration.ofSeconds(60));
    assertEquals(Status.COMPLETED, byId(outcomes).get("a").status());
    queue.tryEmitNext(deep("c", "CTO in Berlin 30s"));
    Outcome c = byId(outcomes).get("c");
    assertEquals(Status.DUPLICATE, c.status(), "decided at once, without waiting: " + outcomes);
    assertEquals("a", c.duplicateOf());
    assertEquals(at(60), c.finishedAt());
    assertEquals(1, api.searches().size());
    queue.tryEmitComplete();
    run.dispose();
  }

  @Test
  void duplicatesNeverStartASecondSearch() {
    Sixtyfour client = client(5);
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      jobs.add(deep("fail-" + i, "FAILME leads 30s"));
      jobs.add(deep("ok-" + i, "CTO in Berlin 30s"));
    }
    // All twelve are taken at once (concurrency 256): ten wait, whatever becomes of their originals.
    List<Outcome> outcomes = runAll(batch(client).build(), Flux.fromIterable(jobs), Duration.ofMinutes(10));
    assertEquals(12, outcomes.size());
    assertEquals(2, api.searches().size(), "one search per distinct request: " + api.log);
    assertEquals(2, api.starts, "one start per distinct request");
    for (Outcome o : outcomes) {
      boolean original = o.jobId().endsWith("-0");
      assertEquals(original ? null : o.jobId().replaceAll("-\\d+$", "-0"), o.duplicateOf(), o.toString());
      assertEquals(o.jobId().startsWith("ok") ? original ? Status.COMPLETED : Status.DUPLICATE : Status.FAILED,
          o.status(), o.toString());
    }
  }

  @Test
  void aStoppedRunCancelsTheDuplicatesWaitingOnItsJobs() {
    Sixtyfour client = client(1);
    api.unauthorizedFrom = T0.toEpochMilli() + 25_000;
    List<Outcome> outcomes = runAll(batch(client).build(),
        Flux.just(deep("x", "other 300s"), deep("a", "CTO 30s"), deep("b", "CTO 30s")),
        Duration.ofMinutes(2));
    assertEquals(401, byId(outcomes).get("x").failure().status());
    assertEquals(Status.CANCELLED, byId(outcomes).get("a").status());
    Outcome dup = byId(outcomes).get("b");
    assertEquals(Status.CANCELLED, dup.status(), "its original never ran: " + dup);
    assertEquals("a", dup.duplicateOf());
    assertEquals(1, api.starts, "a waited for the slot and nothing started in its place");
    assertEquals(0, client.slots().inUse());
  }

  @Test
  void theJournalRecordsADuplicatesOutcomeBeforeItsOriginals() {
    // A crash between the two lines must not leave the original finished and its duplicate not:
    // a resumed run would no longer know the original, and would search again for the duplicate.
    Sixtyfour client = client(5);
    List<String> finished = Collections.synchronizedList(new ArrayList<>());
    Journal slowForDuplicates = event -> event instanceof BatchEvent.Finished f
        ? Mono.delay(Duration.ofSeconds(f.jobId().equals("b") ? 5 : 0), clock)
            .then(Mono.fromRunnable(() -> finished.add(f.jobId())))
        : Mono.empty();
    runAll(batch(client).journal(slowForDuplicates).build(),
        Flux.just(deep("a", "CTO 30s"), deep("b", "CTO 30s")), Duration.ofMinutes(5));
    assertEquals(List.of("b", "a"), finished);
  }

  @Test
  void duplicatesWaitingForTheirOriginalHoldPlacesButNeverStallTheRun() {
    Sixtyfour client = client(5);
    List<Outcome> outcomes = runAll(batch(client).concurrency(2).build(),
        Flux.just(deep("a", "CTO 30s"), deep("b", "CTO 30s"), deep("c", "CTO 30s"), deep("d", "CFO 30s")),
        Duration.ofMinutes(5));
    Map<String, Outcome> o = byId(outcomes);
    assertEquals(Status.COMPLETED, o.get("a").status());
    assertEquals(Status.DUPLICATE, o.get("b").status());
    assertEquals(Status.DUPLICATE, o.get("c").status());
    assertEquals(Status.COMPLETED, o.get("d").status());
    assertEquals(2, api.searches().size());
  }

  @Test
  void aResumedOriginalIsFollowedByItsDuplicatesWithoutASecondSearch() {
    Sixtyfour client = client(5);
    // An earlier run started a's search and was interrupted.
    Disposable earlier = batch(client).build().run(Flux.just(deep("a", "CTO 30s")), RowSink.inMemory())
        .subscribe();
    clock.advanceTimeBy(Duration.ofSeconds(5));
    earlier.dispose();
    FakeApi.Search search = api.searches().get(0);
    Job resumed = deep("a", "CTO 30s")
        .withResume(new Job.Resume(Job.Progress.NONE
            .apply(new BatchEvent.Admitted("a", Job.Kind.DEEP, search.searchId))
            .apply(new BatchEvent.Started("a", search.taskId, search.searchId)), Set.of()));
    List<Outcome> outcomes = runAll(batch(client).build(), Flux.just(resumed, deep("b", "CTO 30s")),
        Duration.ofMinutes(5));
    Outcome a = byId(outcomes).get("a");
    Outcome dup = byId(outcomes).get("b");
    assertEquals(Status.COMPLETED, a.status());
    assertEquals(12, a.rows());
    assertEquals(Status.DUPLICATE, dup.status());
    assertFalse(dup.finishedAt().isBefore(a.terminalAt()), dup.finishedAt() + " < " + a.terminalAt());
    assertEquals(1, api.searches().size());
    assertEquals(1, api.starts, "the resumed original re-attached; its duplicate started nothing");
  }

  @Test
  void aJobResumingItsOwnSearchIsNeverMadeADuplicate() {
    Sixtyfour client = client(5);
    Disposable earlier = batch(client).build().run(Flux.just(deep("y", "CTO 30s")), RowSink.inMemory())
        .subscribe();
    clock.advanceTimeBy(Duration.ofSeconds(5));
    earlier.dispose();
    FakeApi.Search search = api.searches().get(0);
    Job resumed = deep("y", "CTO 30s")
        .withResume(new Job.Resume(Job.Progress.NONE
            .apply(new BatchEvent.Admitted("y", Job.Kind.DEEP, search.searchId))
            .apply(new BatchEvent.Started("y", search.taskId, search.searchId)), Set.of()));
    List<Outcome> outcomes = runAll(batch(client).build(), Flux.just(deep("x", "CTO 30s"), resumed),
        Duration.ofMinutes(5));
    Outcome y = byId(outcomes).get("y");
    assertEquals(Status.COMPLETED, y.status(), "its own search, re-attached: " + y);
    assertEquals(12, y.rows());
    assertEquals(search.taskId, y.taskId());
  }

  @Test
  void cancellingTheRunWithDuplicatesWaitingSendsNothingMore() {
    Sixtyfour client = client(5);
    List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    List<String> journalled = new CopyOnWriteArrayList<>();
    Journal journal = event -> Mono.fromRunnable(() -> journalled.add(event.getClass().getSimpleName()));
    Disposable run = batch(client).journal(journal).build()
        .run(Flux.just(deep("a", "CTO 300s"), deep("b", "CTO 300s"), deep("c", "CTO 300s")), RowSink.inMemory())
        .subscribe(outcomes::add);
    clock.advanceTimeBy(Duration.ofSeconds(35));
    run.dispose();
    int requests = api.log.size();
    clock.advanceTimeBy(Duration.ofMinutes(10));
    assertEquals(requests, api.log.size(), "nothing sent after the cancel: " + api.log);
    assertEquals(1, api.starts);
    assertEquals(List.of(), outcomes);
    assertEquals(List.of("Admitted", "Started"), journalled,
        "no outcome recorded: a cancelled run is resumed, not finished");
  }

  // The hand-over, at the level of the registry: no public path cancels one job while its run goes
  // on (a stop or a cancel ends every job of the run), so the pipeline cannot show it yet.

  private static Outcome cancelled(JobTracker jr) {
    return jr.cancelled("cancelled before its start", null);
  }

  private static JobTracker tracker(Job job) {
    return new JobTracker(job, new Recorder(new EventBus(16), Journal.none(), BatchMeters.NONE), () -> T0);
  }

  private static Dedup.Claim claim(Dedup dedup, Job job) {
    return dedup.claim(job, job instanceof Job.DeepSearch deep ? DedupKeys.deep(deep.request()) : null);
  }

  private static List<Dedup.Verdict> await(Dedup dedup, Dedup.Claim claim) {
    List<Dedup.Verdict> verdicts = new CopyOnWriteArrayList<>();
    dedup.verdict((Dedup.Follows) claim).subscribe(verdicts::add);
    return verdicts;
  }

  @Test
  void aDuplicateRunsInPlaceOfAnOriginalCancelledBeforeItsStart() {
    Dedup dedup = new Dedup(true, 100);
    JobTracker a = tracker(deep("a", "CTO in Berlin"));
    JobTracker b = tracker(deep("b", "CTO in Berlin"));
    JobTracker c = tracker(deep("c", "CTO in Berlin"));
    Dedup.Leads leadsA = (Dedup.Leads) claim(dedup, a.job());
    Dedup.Follows followsB = (Dedup.Follows) claim(dedup, b.job());
    Dedup.Follows followsC = (Dedup.Follows) claim(dedup, c.job());
    List<Dedup.Verdict> toB = await(dedup, followsB);
    List<Dedup.Verdict> toC = await(dedup, followsC);
    assertTrue(a.sentNothing());

    StepVerifier.create(dedup.settle(leadsA, cancelled(a), a.sentNothing()))
        .expectComplete().verify(Duration.ofSeconds(1));
    assertEquals(List.of(new Dedup.Lead()), toB, "the first waiting duplicate runs in a's place");
    assertEquals(List.of(), toC, "the others go on waiting");
    assertEquals("b", followsC.flight().original(), "for b, now");

    Dedup.Leads leadsB = dedup.takeOver(followsB);
    Outcome completedB = b.completed();
    List<Boolean> settled = new CopyOnWriteArrayList<>();
    dedup.settle(leadsB, completedB, false).subscribe(null, null, () -> settled.add(true));
    assertEquals(List.of(new Dedup.Ended(completedB)), toC);
    assertEquals(List.of(), settled, "b's outcome waits until c has recorded its own");
    dedup.release(followsC, "c");
    assertEquals(List.of(true), settled);
    assertEquals(Status.DUPLICATE, c.following(completedB).status());
    assertEquals("b", c.following(completedB).duplicateOf());
    assertEquals(new Dedup.Repeats("b"), claim(dedup, deep("d", "cto in berlin")));
    assertEquals(0, dedup.underWay(), "nothing left under way");
  }

  @Test
  void anOriginalThatMayHaveSentItsStartIsNotReplacedWhenCancelled() {
    Dedup dedup = new Dedup(true, 100);
    JobTracker a = tracker(deep("a", "CTO"));
    Dedup.Leads leadsA = (Dedup.Leads) claim(dedup, a.job());
    Dedup.Follows followsB = (Dedup.Follows) claim(dedup, deep("b", "CTO"));
    List<Dedup.Verdict> toB = await(dedup, followsB);
    a.requests().increment(); // the budget let its start out: it may have reached the server
    assertFalse(a.sentNothing());
    Outcome outcome = cancelled(a);
    dedup.settle(leadsA, outcome, a.sentNothing()).subscribe();
    assertEquals(List.of(new Dedup.Ended(outcome)), toB, "b ends cancelled with a, starting nothing");
    assertEquals(0, dedup.underWay());
    assertTrue(claim(dedup, deep("c", "CTO")) instanceof Dedup.Leads, "a later job asks again");
  }

  @Test
  void anOriginalThatGoesAwayWithoutAnOutcomeLeavesNothingBehind() {
    Dedup dedup = new Dedup(true, 100);
    Dedup.Leads leadsA = (Dedup.Leads) claim(dedup, deep("a", "CTO"));
    Dedup.Follows followsB = (Dedup.Follows) claim(dedup, deep("b", "CTO"));
    List<Dedup.Verdict> toB = await(dedup, followsB);
    dedup.release(leadsA, "a"); // its run was cancelled: b is being cancelled with it
    assertEquals(List.of(), toB, "b is told nothing, so it records no outcome");
    assertEquals(0, dedup.underWay());
    assertTrue(claim(dedup, deep("c", "CTO")) instanceof Dedup.Leads);
  }

  @Test
  void aDuplicateThatStopsWaitingLeavesNothingBehind() {
    Dedup dedup = new Dedup(true, 100);
    JobTracker a = tracker(deep("a", "CTO"));
    Dedup.Leads leadsA = (Dedup.Leads) claim(dedup, a.job());
    Dedup.Follows followsB = (Dedup.Follows) claim(dedup, deep("b", "CTO"));
    Dedup.Follows followsC = (Dedup.Follows) claim(dedup, deep("c", "CTO"));
    dedup.verdict(followsB).subscribe().dispose(); // b's run cancelled it
    List<Dedup.Verdict> toC = await(dedup, followsC);
    Outcome failed = a.searchFailed("upstream provider failed");
    dedup.settle(leadsA, failed, false).subscribe();
    assertEquals(List.of(new Dedup.Ended(failed)), toC, "c, still waiting, takes a's failure");
    assertEquals(0, dedup.underWay());
  }
}

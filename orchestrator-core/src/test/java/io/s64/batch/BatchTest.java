package io.s64.batch;

import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.job.BatchEvent;
import io.s64.sink.RowSink;
import io.s64.journal.Journal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import java.util.Set;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The pipeline's behaviour on virtual time against an in-process server. */
class BatchTest {
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

  private long at(long epochMillis) {
    return epochMillis - T0.toEpochMilli();
  }

  private static Job deep(String id, String query) {
    return Job.deep(id, DeepSearchRequest.of(query));
  }

  private List<Outcome> runAll(Batch batch, Flux<Job> jobs, RowSink sink, Duration enough) {
    List<Outcome> outcomes = new ArrayList<>();
    StepVerifier.withVirtualTime(() -> batch.run(jobs, sink), () -> clock, Long.MAX_VALUE)
        .thenAwait(enough)
        .recordWith(() -> outcomes)
        .thenConsumeWhile(o -> true)
        .expectComplete()
        .verify(Duration.ofSeconds(10));
    return outcomes;
  }

  /** The index of the n-th (1-based) log line containing {@code text}. */
  private static int indexOf(List<String> log, String text, int n) {
    for (int i = 0; i < log.size(); i++) {
      if (log.get(i).contains(text) && --n == 0) {
        return i;
      }
    }
    return -1;
  }

  private static Map<String, Outcome> byId(List<Outcome> outcomes) {
    return outcomes.stream().collect(Collectors.toMap(Outcome::jobId, o -> o));
  }

  @Test
  void releasesTheSlotTheMomentATerminalStatusIsSeenBeforePaging() {
    Sixtyfour client = client(1);
    RowSink.InMemory rows = RowSink.inMemory();
    RowSink slow = (job, batch) -> Mono.delay(Duration.ofSeconds(60), clock).then(rows.write(job, batch));
    List<Outcome> outcomes = runAll(batch(client).build(),
        Flux.just(deep("a", "alpha 30s rows=250"), deep("b", "beta 30s rows=10")), slow,
        Duration.ofMinutes(20));
    FakeApi.Search a = api.searches().get(0);
    FakeApi.Search b = api.searches().get(1);
    assertEquals(at(a.terminalSeenAt), at(b.startedAt), "b starts when a's terminal status is seen");
    assertTrue(a.firstPageAt >= a.terminalSeenAt);
    int secondStart = indexOf(api.log, "start-deep-search", 2);
    int firstPage = indexOf(api.log, "/search/query", 1);
    assertTrue(secondStart < firstPage, "the slot went to b before a asked for its first page: " + api.log);
    Outcome outA = byId(outcomes).get("a");
    assertTrue(outA.finishedAt().toEpochMilli() > b.startedAt + 120_000,
        "a was still paging (3 slow pages) long after b started");
    assertEquals(250, rows.rows("a").size());
    assertEquals(10, rows.rows("b").size());
  }

  @Test
  void theSlotGoesToTheNextSearchBeforeTheEndOfTheLastIsJournalled() {
    Sixtyfour client = client(1);
    // A journal that takes a minute to write a search's end: the organization's slot is free
    // from the terminal status on, so the next search must not wait for the journal.
    Journal slowOnEnds = event -> event instanceof BatchEvent.Terminal
        ? Mono.delay(Duration.ofSeconds(60), clock).then() : Mono.empty();
    List<Outcome> outcomes = runAll(batch(client).journal(slowOnEnds).build(),
        Flux.just(deep("a", "alpha 30s rows=5"), deep("b", "beta 30s rows=5")), RowSink.inMemory(),
        Duration.ofMinutes(20));
    FakeApi.Search a = api.searches().get(0);
    FakeApi.Search b = api.searches().get(1);
    assertEquals(at(a.terminalSeenAt), at(b.startedAt),
        "b starts when a's terminal status is seen, not once a's end is journalled");
    assertEquals(2, outcomes.stream().filter(o -> o.status() == Status.COMPLETED).count());
  }

  @Test
  void byDefaultPollsOnTheLearnedScheduleAndLearnsFromTheSearchesThatEnded() {
    Sixtyfour client = client(1);
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      jobs.add(deep("s" + i, "search " + i + " 64s rows=1"));
    }
    runAll(batch(client).build(), Flux.fromIterable(jobs), RowSink.inMemory(), Duration.ofMinutes(30));
    FakeApi.Search first = api.searches().get(0);
    FakeApi.Search last = api.searches().get(11);
    long firstLate = first.terminalSeenAt - first.endsAt;
    long lastLate = last.terminalSeenAt - last.endsAt;
    assertTrue(lastLate < firstLate && lastLate <= 3_000,
        "seen " + firstLate + " ms late on the prior, " + lastLate + " ms once learned");
    long polls = api.log.stream().filter(l -> l.contains("/search/status/")).count();
    assertTrue(polls <= 12 * 7, polls + " polls; the docs' cadence: 7 a search");
  }

  @Test
  void pollsAfterTheFirstDelayThenAtTheCadence() {
    Sixtyfour client = client(5);
    runAll(batch(client).poll(PollSchedule.defaults()).build(), Flux.just(deep("a", "alpha 45s")),
        RowSink.inMemory(),
        Duration.ofMinutes(5));
    List<String> polls = api.log.stream().filter(l -> l.contains("/search/status/"))
        .map(l -> Long.toString(at(Long.parseLong(l.split(" ")[0])))).collect(Collectors.toList());
    assertEquals(List.of("10000", "20000", "30000", "40000", "50000"), polls);
  }

  @Test
  void theNextQueuedSearchStartsWithinOnePollCycleOfATerminalStatus() {
    Sixtyfour client = client(5);
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      jobs.add(deep("j" + i, "query " + i + " " + (31 + i * 7) + "s"));
    }
    runAll(batch(client).build(), Flux.fromIterable(jobs), RowSink.inMemory(), Duration.ofMinutes(30));
    List<FakeApi.Search> all = api.searches();
    assertEquals(15, all.size());
    assertTrue(api.peakRunning <= 5, "peak " + api.peakRunning);
    for (FakeApi.Search later : all.subList(5, 15)) {
      long handOff = all.stream().filter(s -> s.terminalSeenAt <= later.startedAt && s.terminalSeenAt >= 0)
          .mapToLong(s -> later.startedAt - s.terminalSeenAt).min().orElseThrow();
      assertEquals(0, handOff, later.query + " started at the terminal observation that freed its slot");
    }
  }

  @Test
  void requeuesAStartThatFindsAllSlotsBusyAndRetriesWithTheSameSearchId() {
    Sixtyfour client = client(5);
    api.foreignSlots = 5;
    api.foreignSlotsUntil = T0.toEpochMilli() + 25_000;
    List<Outcome> outcomes = runAll(batch(client).build(), Flux.just(deep("a", "alpha 30s")),
        RowSink.inMemory(), Duration.ofMinutes(5));
    assertEquals(Status.COMPLETED, outcomes.get(0).status());
    assertEquals(1, api.searches().size(), "one search created");
    assertTrue(api.slotsBusy >= 3, "busy answers: " + api.slotsBusy);
    assertEquals(api.slotsBusy + 1, api.starts);
    assertEquals(api.bySearchId.keySet().iterator().next(), outcomes.get(0).searchId());
    assertEquals(0, client.budgetState().rateLimited(), "slots busy is not a rate pause");
  }

  @Test
  void aSearchPastItsDeadlineEndsTimedOutWithItsTaskIdAndFreesItsSlot() {
    Sixtyfour client = client(1);
    Batch b = batch(client).poll(PollSchedule.defaults().withDeadline(Duration.ofSeconds(60))).build();
    List<Outcome> outcomes = runAll(b, Flux.just(deep("a", "alpha 600s"), deep("b", "beta 30s")),
        RowSink.inMemory(), Duration.ofMinutes(20));
    Outcome a = byId(outcomes).get("a");
    assertEquals(Status.TIMED_OUT, a.status());
    assertEquals("task-1", a.taskId());
    assertTrue(a.message().contains("task-1"), a.message());
    assertEquals(Status.COMPLETED, byId(outcomes).get("b").status());
    assertEquals(0, client.slots().inUse());
  }

  @Test
  void cancellingTheRunStopsPollingAndReleasesEverySlot() {
    Sixtyfour client = client(5);
    List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      jobs.add(deep("j" + i, "query " + i + " 300s"));
    }
    Disposable running = batch(client).build().run(Flux.fromIterable(jobs), RowSink.inMemory())
        .subscribe(outcomes::add);
    clock.advanceTimeBy(Duration.ofSeconds(35));
    assertEquals(5, client.slots().inUse());
    running.dispose();
    assertEquals(0, client.slots().inUse());
    assertEquals(0, client.slots().waiting());
    int requests = api.log.size();
    clock.advanceTimeBy(Duration.ofMinutes(10));
    assertEquals(requests, api.log.size(), "nothing sent after the cancel");
    assertEquals(List.of(), outcomes);
  }

  @Test
  void a401StopsTheWholeBatchPromptly() {
    Sixtyfour client = client(5);
    api.unauthorizedFrom = T0.toEpochMilli() + 25_000;
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      jobs.add(deep("j" + i, "query " + i + " 300s"));
    }
    List<Outcome> outcomes = runAll(batch(client).build(), Flux.fromIterable(jobs),
        RowSink.inMemory(), Duration.ofSeconds(40));
    assertEquals(7, outcomes.size());
    Map<Status, Long> counts = outcomes.stream()
        .collect(Collectors.groupingBy(Outcome::status, Collectors.counting()));
    assertEquals(Map.of(Status.FAILED, 1L, Status.CANCELLED, 6L), counts);
    Outcome failed = outcomes.stream().filter(o -> o.status() == Status.FAILED).findFirst().orElseThrow();
    assertEquals(401, failed.failure().status());
    assertTrue(outcomes.stream().filter(o -> o.status() == Status.CANCELLED)
        .allMatch(o -> o.message().contains("authentication failed")));
    assertEquals(0, client.slots().inUse());
  }

  @Test
  void identicalJobsStartOneSearchAndTheOthersAreDuplicatesOfTheFirst() {
    Sixtyfour client = client(5);
    List<Outcome> outcomes = runAll(batch(client).build(),
        Flux.just(deep("a", "CTO  in Berlin 30s"), deep("b", "cto in berlin 30s"), deep("c", "CFO 30s")),
        RowSink.inMemory(), Duration.ofMinutes(5));
    assertEquals(2, api.searches().size());
    Outcome b = byId(outcomes).get("b");
    assertEquals(Status.DUPLICATE, b.status());
    assertEquals("a", b.duplicateOf());
  }

  @Test
  void dedupCanBeTurnedOff() {
    Sixtyfour client = client(5);
    runAll(batch(client).dedup(false).build(),
        Flux.just(deep("a", "CTO 30s"), deep("b", "CTO 30s")), RowSink.inMemory(), Duration.ofMinutes(5));
    assertEquals(2, api.searches().size());
  }

  @Test
  void invalidJobsEndInvalidAndTheBatchGoesOn() {
    Sixtyfour client = client(5);
    List<Outcome> outcomes = runAll(batch(client).build(),
        Flux.just(Job.invalid("line-2", "line 2: field 'mode' must be people or company but was 'robots'"),
            deep("ok", "CTO 30s")),
        RowSink.inMemory(), Duration.ofMinutes(5));
    assertEquals(Status.INVALID, byId(outcomes).get("line-2").status());
    assertTrue(byId(outcomes).get("line-2").message().contains("'robots'"));
    assertEquals(Status.COMPLETED, byId(outcomes).get("ok").status());
  }

  @Test
  void aFailedSearchEndsFailedWithTheServersErrorText() {
    Sixtyfour client = client(5);
    List<Outcome> outcomes = runAll(batch(client).build(), Flux.just(deep("a", "FAILME 30s")),
        RowSink.inMemory(), Duration.ofMinutes(5));
    Outcome a = outcomes.get(0);
    assertEquals(Status.FAILED, a.status());
    assertEquals(Outcome.Failure.Reason.SEARCH_FAILED, a.failure().reason());
    assertEquals("upstream provider failed (FAILME)", a.failure().detail());
  }

  @Test
  void anExpiredCursorIsReplacedByReadingAgainWithoutDuplicatingRows() {
    Sixtyfour client = client(5);
    api.expireCursorsOnce = true;
    RowSink.InMemory sink = RowSink.inMemory();
    List<Outcome> outcomes = runAll(batch(client).pageSize(10).build(),
        Flux.just(deep("a", "alpha 30s rows=35")), sink, Duration.ofMinutes(5));
    assertEquals(Status.COMPLETED, outcomes.get(0).status());
    assertEquals(35, outcomes.get(0).rows());
    List<Object> ids = sink.rows("a").stream().map(r -> r.get("id")).collect(Collectors.toList());
    assertEquals(35, ids.size());
    assertEquals(35, ids.stream().distinct().count());
    assertEquals(3, queries(),
        "the first page, the refused cursor, and the read again in one page of 100: " + api.log);
    assertEquals(List.of(10, 100), api.firstPageBodies.stream().map(b -> ((Number) b.get("page_size")).intValue()).collect(Collectors.toList()));
  }

  @Test
  void theExclusionsOfADeepSearchGoWithEveryReadingByItsSearchId() {
    Sixtyfour client = client(5);
    api.expireCursorsOnce = true;
    Job job = Job.deep("a", DeepSearchRequest.of("alpha 30s rows=35")
        .withExclusions(List.of("in/jane"), List.of("acme.com"), List.of("list-1")));
    List<Outcome> outcomes = runAll(batch(client).pageSize(10).build(), Flux.just(job),
        RowSink.inMemory(), Duration.ofMinutes(5));
    assertEquals(Status.COMPLETED, outcomes.get(0).status());
    assertEquals(2, api.firstPageBodies.size(), "the first reading and the one after the lost cursor");
    for (Map<String, Object> body : api.firstPageBodies) {
      assertEquals(List.of("in/jane"), body.get("exclude_public_ids"), body.toString());
      assertEquals(List.of("acme.com"), body.get("exclude_entity_ids"), body.toString());
      assertEquals(List.of("list-1"), body.get("exclude_list_ids"), body.toString());
    }
  }

  @Test
  void twoBatchesOnOneClientShareTheSlots() {
    Sixtyfour client = client(5);
    Batch one = batch(client).build();
    Batch two = batch(client).build();
    List<Job> a = new ArrayList<>();
    List<Job> b = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      a.add(deep("a" + i, "first batch " + i + " 40s"));
      b.add(deep("b" + i, "second batch " + i + " 40s"));
    }
    RowSink.InMemory rows = RowSink.inMemory();
    List<Outcome> outcomes = new ArrayList<>();
    StepVerifier.withVirtualTime(() -> Flux.merge(one.run(Flux.fromIterable(a), rows),
            two.run(Flux.fromIterable(b), rows)), () -> clock, Long.MAX_VALUE)
        .thenAwait(Duration.ofMinutes(10))
        .recordWith(() -> outcomes)
        .thenConsumeWhile(o -> true)
        .expectComplete()
        .verify(Duration.ofSeconds(10));
    assertEquals(12, outcomes.size());
    assertEquals(Stream.concat(a.stream(), b.stream()).map(Job::id).collect(Collectors.toSet()),
        outcomes.stream().map(Outcome::jobId).collect(Collectors.toSet()), "one outcome per job of each batch");
    for (Outcome o : outcomes) {
      assertEquals(Status.COMPLETED, o.status(), o.toString());
      assertEquals(12, o.rows(), o.jobId());
      assertEquals(12, rows.rows(o.jobId()).size(), o.jobId());
    }
    assertEquals(12, api.searches().size());
    assertEquals(5, api.peakRunning, "the five slots were full, never over");
    assertEquals(0, api.slotsBusy, "never a slots-busy 429: the client kept count");
    List<FakeApi.Search> all = api.searches();
    assertTrue(all.stream().anyMatch(x -> x.query.startsWith("first") && all.stream().anyMatch(
            y -> y.query.startsWith("second") && y.startedAt < x.endsAt && x.startedAt < y.endsAt)),
        "searches of both batches ran at the same time");
  }

  @Test
  void jobsKeepArrivingOnAQueueWhileEarlierOnesRun() {
    Sixtyfour client = client(5);
    Sinks.Many<Job> queue = Sinks.many().unicast().onBackpressureBuffer();
    List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    batch(client).build().run(queue.asFlux(), RowSink.inMemory()).subscribe(outcomes::add);
    queue.tryEmitNext(deep("early", "early 30s"));
    clock.advanceTimeBy(Duration.ofSeconds(45));
    assertEquals(1, outcomes.size());
    queue.tryEmitNext(deep("late", "late 30s"));
    clock.advanceTimeBy(Duration.ofSeconds(45));
    assertEquals(List.of("early", "late"), outcomes.stream().map(Outcome::jobId).collect(Collectors.toList()));
    queue.tryEmitComplete();
  }

  @Test
  void theJournalHearsOfTheSearchIdBeforeTheStartAndOfRowsOnlyAfterTheSink() {
    Sixtyfour client = client(5);
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    Journal journal = event -> Mono.fromRunnable(() -> order.add(event.getClass().getSimpleName()
        + (event instanceof BatchEvent.Admitted ? ":" + ((BatchEvent.Admitted) event).searchId() : "")));
    RowSink sink = (job, rows) -> Mono.fromRunnable(() -> order.add("sink:" + rows.size()));
    Batch b = batch(client).journal(journal).pageSize(10).build();
    runAll(b, Flux.just(deep("a", "alpha 30s rows=15")), sink, Duration.ofMinutes(5));
    String searchId = api.searches().get(0).searchId;
    assertEquals(List.of("Admitted:" + searchId, "Started", "Terminal", "sink:10", "Committed",
        "sink:5", "Committed", "Finished"), order);
    assertNotNull(searchId);
  }

  @Test
  void aSinkThatStallsSlowsPagingDownAndLosesNothing() {
    Sixtyfour client = client(5);
    RowSink.InMemory rows = RowSink.inMemory();
    List<Long> writesAt = new CopyOnWriteArrayList<>();
    RowSink stalling = (job, batch) -> Mono.delay(Duration.ofSeconds(10), clock)
        .then(Mono.fromRunnable(() -> writesAt.add(clock.now(java.util.concurrent.TimeUnit.MILLISECONDS))))
        .then(rows.write(job, batch));
    Batch b = batch(client).poll(PollSchedule.defaults()).pageSize(10).build();
    List<Job> jobs = List.of(deep("a", "alpha 30s rows=100"), deep("b", "beta 30s rows=100"));
    List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    b.run(Flux.fromIterable(jobs), stalling).subscribe(outcomes::add);
    clock.advanceTimeBy(Duration.ofSeconds(31));
    long pagesAtFirstStall = queries();
    assertEquals(4, pagesAtFirstStall,
        "per job one page being written and one fetched ahead, then the stalled sink holds paging: " + api.log);
    clock.advanceTimeBy(Duration.ofSeconds(8));
    assertEquals(4, queries(),
        "still stalled at 39 s: nothing more fetched");
    clock.advanceTimeBy(Duration.ofSeconds(1));
    assertEquals(6, queries(),
        "the writes completed at 40 s, the next pages follow at once");
    clock.advanceTimeBy(Duration.ofMinutes(5));
    assertEquals(2, outcomes.size());
    assertEquals(100, rows.rows("a").size());
    assertEquals(100, rows.rows("b").size());
    assertEquals(20, writesAt.size());
  }

  /** How many query-page requests the API has seen. */
  private long queries() {
    return api.log.stream().filter(l -> l.contains("/search/query")).count();
  }

  /** A client on the fake API whose cursors live 10 s, saying so in every page. */
  private Sixtyfour clientWithTenSecondCursors() {
    Sixtyfour client = client(5);
    api.cursorTtlMillis = 10_000;
    return client;
  }

  /** A sink that takes {@code perWrite} (virtual time) for every write. */
  private RowSink slowly(RowSink.InMemory rows, Duration perWrite) {
    return (job, batch) -> Mono.delay(perWrite, clock).then(rows.write(job, batch));
  }

  private static void assertEveryRowOnce(RowSink.InMemory rows, String jobId, int expected) {
    assertEquals(expected, rows.rows(jobId).size());
    assertEquals(expected, rows.rows(jobId).stream().map(r -> r.get("id")).distinct().count());
  }

  @Test
  void aSinkSlowerThanACursorLivesIsReadAheadOfSoNoCursorExpires() {
    Sixtyfour client = clientWithTenSecondCursors();
    RowSink.InMemory rows = RowSink.inMemory();
    RowSink slow = slowly(rows, Duration.ofSeconds(15));
    List<Outcome> outcomes = runAll(batch(client).pageSize(10).build(),
        Flux.just(deep("a", "alpha 30s rows=100")), slow, Duration.ofMinutes(10));
    assertEquals(Outcome.Status.COMPLETED, outcomes.get(0).status());
    assertEveryRowOnce(rows, "a", 100);
    assertEquals(0, api.cursorsExpired, "each cursor used within its life although each write outlives it");
    assertEquals(10, queries(),
        "one request per page, none repeated");
  }

  @Test
  void withoutReadAheadASlowSinkCostsReReadsButLosesAndRepeatsNothing() {
    Sixtyfour client = clientWithTenSecondCursors();
    RowSink.InMemory rows = RowSink.inMemory();
    RowSink slow = slowly(rows, Duration.ofSeconds(15));
    List<Outcome> outcomes = runAll(batch(client).pageSize(10).readAheadPages(0).build(),
        Flux.just(deep("a", "alpha 30s rows=50")), slow, Duration.ofMinutes(10));
    assertEquals(Outcome.Status.COMPLETED, outcomes.get(0).status());
    assertEveryRowOnce(rows, "a", 50);
    assertEquals(1, api.cursorsExpired, "the cursor of the page after the first expired while it was written");
    assertEquals(4, queries(),
        "two pages of 10, the refused cursor, then the rest in one page of 100: " + api.log);
  }

  @Test
  void aCursorLostWhilePagesWaitForTheSinkStartsOverOnlyAfterThoseAreWritten() {
    Sixtyfour client = clientWithTenSecondCursors();
    RowSink.InMemory rows = RowSink.inMemory();
    RowSink slow = slowly(rows, Duration.ofSeconds(15));
    // An earlier run delivered 20 rows and remembers only their count: the read skips 20 rows from
    // the start, and must do so again, at the right moment, when it starts over.
    Job job = deep("a", "alpha 30s rows=100")
        .withResume(new Job.Resume(Job.Progress.NONE.withRows(20), Set.of()));
    List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    batch(client).pageSize(10).build().run(Flux.just(job), slow).subscribe(outcomes::add);
    clock.advanceTimeBy(Duration.ofSeconds(36)); // rows 20-29 being written, the next pages fetched ahead
    api.expireCursorsOnce = true; // the next page fetched ahead finds its cursor refused
    clock.advanceTimeBy(Duration.ofMinutes(10));
    assertEquals(1, api.cursorsExpired);
    assertEquals(Outcome.Status.COMPLETED, outcomes.get(0).status());
    List<Object> ids = rows.rows("a").stream().map(r -> r.get("id")).collect(Collectors.toList());
    String sid = api.searches().get(0).searchId;
    assertEquals(IntStream.range(20, 100).mapToObj(i -> sid + "-" + i).collect(Collectors.toList()), ids,
        "rows 20-99 once each, in order: the pages fetched before the cursor was lost were written first");
  }

  @Test
  void noMoreJobsReadPagesAtOnceThanOpenReadsAllows() {
    Sixtyfour client = client(5);
    assertReadsOneAtATime(batch(client).pageSize(10).openReads(1).build());
  }

  @Test
  void byDefaultAsManyJobsReadPagesAtOnceAsTheBudgetAllowsRequestsPerWindow() {
    client(5);
    Sixtyfour oneAWindow = Sixtyfour.builder().apiKey("sk_test_key").transport(api).scheduler(clock)
        .rateLimit(1, Duration.ofSeconds(1)).retry(RetryPolicy.defaults().withJitter(0)).build();
    assertReadsOneAtATime(batch(oneAWindow).pageSize(10).build());
  }

  private void assertReadsOneAtATime(Batch batch) {
    RowSink.InMemory rows = RowSink.inMemory();
    List<Outcome> outcomes = runAll(batch,
        Flux.just(deep("a", "alpha 30s rows=30"), deep("b", "beta 30s rows=30")),
        slowly(rows, Duration.ofSeconds(5)), Duration.ofMinutes(5));
    assertEquals(2, outcomes.size());
    assertEveryRowOnce(rows, "a", 30);
    assertEveryRowOnce(rows, "b", 30);
    List<FakeApi.Search> searches = api.searches();
    long first = Math.min(searches.get(0).firstPageAt, searches.get(1).firstPageAt);
    long second = Math.max(searches.get(0).firstPageAt, searches.get(1).firstPageAt);
    assertTrue(second - first >= 15_000,
        "the second read began after the first wrote its three pages: " + (second - first) + " ms");
  }

  @Test
  void theReadAheadAllowanceBoundsWhatAStalledSinkMakesTheRunHold() {
    Sixtyfour client = clientWithTenSecondCursors();
    RowSink.InMemory rows = RowSink.inMemory();
    RowSink stalled = slowly(rows, Duration.ofMinutes(5));
    Batch b = batch(client).pageSize(10).readAheadPages(3).build();
    List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    b.run(Flux.just(deep("a", "alpha 30s rows=100"), deep("b", "beta 30s rows=100")), stalled)
        .subscribe(outcomes::add);
    clock.advanceTimeBy(Duration.ofMinutes(2));
    assertEquals(2 * 2 + 3, queries(),
        "two pages per read (written, next) and three more for the whole run: " + api.log);
    clock.advanceTimeBy(Duration.ofHours(2));
    assertEquals(2, outcomes.size());
    assertEquals(100, rows.rows("a").size());
    assertEquals(100, rows.rows("b").size());
  }

  @Test
  void everyOutcomeCountsTheRequestsSentForItsJob() {
    Sixtyfour client = client(5);
    List<Outcome> outcomes = runAll(batch(client).poll(PollSchedule.defaults()).pageSize(10).build(),
        Flux.just(deep("a", "alpha 45s rows=25"), deep("b", "beta 15s rows=5")), RowSink.inMemory(),
        Duration.ofMinutes(5));
    // a: 1 start + 5 polls + 3 pages; b: 1 start + 2 polls + 1 page
    assertEquals(9, byId(outcomes).get("a").requests());
    assertEquals(4, byId(outcomes).get("b").requests());
    assertEquals(api.log.size(), outcomes.stream().mapToLong(Outcome::requests).sum(),
        "every request the server saw is counted for exactly one job: " + api.log);
  }
}

package io.s64.it;

import io.s64.error.RateLimitedException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.RetryPolicy;
import io.s64.Sixtyfour;
import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import io.s64.emulator.EmulatorStats;
import io.s64.emulator.FaultKind;
import io.s64.emulator.ManualClock;
import io.s64.error.ApiException;
import io.s64.internal.CsvRowDecoder;
import io.s64.model.DeepSearchRequest;
import io.s64.model.DownloadLink;
import io.s64.model.DeepSearchRequest.Mode;
import io.s64.model.Page;
import io.s64.model.QueryRequest;
import io.s64.model.Row;
import io.s64.model.SearchStatus;
import io.s64.model.Task;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The typed client against the real emulator over HTTP, endpoint by endpoint. */
class ClientAgainstEmulatorTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  static final String KEY = "sk_live_emulator_test_key_0001";

  private final ManualClock clock = ManualClock.at(Instant.parse("2030-01-01T00:00:00Z"));
  private Emulator emulator;
  private Sixtyfour api;

  private void start(UnaryOperator<EmulatorConfig.Builder> settings) {
    start(settings, c -> c);
  }

  private void start(UnaryOperator<EmulatorConfig.Builder> settings,
      UnaryOperator<Sixtyfour.Builder> client) {
    emulator = Emulator.start(settings.apply(EmulatorConfig.builder().port(0).seed(7)
        .apiKeys(List.of(KEY)).searchDuration(Duration.ofSeconds(60), Duration.ofSeconds(90))).build());
    api = client.apply(Sixtyfour.builder().apiKey(KEY).baseUrl(emulator.baseUrl())
        .responseTimeout(Duration.ofSeconds(2))
        .retry(RetryPolicy.defaults().withBackoff(Duration.ofMillis(10), Duration.ofMillis(50))))
        .build();
  }

  @AfterEach
  void stop() {
    if (api != null) {
      api.close().block(WAIT);
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  private SearchStatus completedSearch(String query) {
    Task task = api.startDeepSearch(DeepSearchRequest.of(query).withMaxResults(150)).block(WAIT);
    clock.advance(Duration.ofMinutes(3));
    return api.searchStatus(task.taskId()).block(WAIT);
  }

  @Test
  void startsPollsAndReadsADeepSearchToTheEnd() {
    start(b -> b.clock(clock));
    Task task = api.startDeepSearch(DeepSearchRequest.of("VP Engineering at Series B SaaS in NYC")
        .withMaxResults(150)).block(WAIT);
    assertEquals("queued", task.status());
    StepVerifier.create(api.searchStatus(task.taskId()))
        .assertNext(s -> assertFalse(s.isTerminal()))
        .expectComplete()
        .verify(WAIT);
    clock.advance(Duration.ofMinutes(3));
    SearchStatus done = api.searchStatus(task.taskId()).block(WAIT);
    assertEquals(SearchStatus.State.COMPLETED, done.state());
    assertEquals(task.searchId(), done.searchId());
    assertNotNull(done.resourceHandleId());
    List<Row> rows = api.rows(QueryRequest.searchId(done.searchId()).withPageSize(40)).collectList().block(WAIT);
    assertEquals(done.totalResults().intValue(), rows.size());
    assertEquals(rows.size(), rows.stream().map(Row::key).distinct().count());
    assertEquals(Long.valueOf(rows.size()), emulator.stats().rowsServed().get(done.searchId()));
  }

  @Test
  void readsThePhaseTheProgressMessageAndTheIterationsOfARunningSearch() {
    // 101 s: queued for 1 s, then 100 s of running time, so progress p is at 1 s + p * 100 s.
    start(b -> b.clock(clock).searchDuration(Duration.ofSeconds(101), Duration.ofSeconds(101)));
    String task = api.startDeepSearch(DeepSearchRequest.of("CFOs of Dutch logistics firms")).block(WAIT).taskId();
    SearchStatus queued = api.searchStatus(task).block(WAIT);
    assertEquals(1, queued.currentPhase());
    assertEquals("Queued: waiting for a search worker", queued.progressMessage());
    assertEquals(List.of(), queued.iterations(), "the server sends \"iterations\": null while queued");
    clock.advance(Duration.ofSeconds(51));
    SearchStatus running = api.searchStatus(task).block(WAIT);
    assertEquals(SearchStatus.State.RUNNING, running.state());
    assertEquals(2, running.currentPhase());
    assertEquals("Searching (iteration 2 of 3)", running.progressMessage());
    assertEquals(1, running.iterations().size());
    assertEquals(1, ((Number) running.iterations().get(0).get("iteration")).intValue());
    clock.advance(Duration.ofMinutes(3));
    SearchStatus done = api.searchStatus(task).block(WAIT);
    assertEquals(SearchStatus.State.COMPLETED, done.state());
    assertEquals(3, done.currentPhase());
    assertEquals("Finalizing results", done.progressMessage());
    assertEquals(List.of(1, 2, 3), done.iterations().stream()
        .map(i -> ((Number) i.get("iteration")).intValue()).collect(Collectors.toList()));
    assertEquals(done.totalResults(), ((Number) done.iterations().get(2).get("results")).longValue());
  }

  @Test
  void readsToTheEndAcrossShortAndEmptyPagesWithCursorOnlyFollowUps() {
    start(b -> b.clock(clock).shortPages(true));
    QueryRequest q = QueryRequest.simpleFilters(Map.of("industry", Map.of("$eq", "fintech")))
        .withMode(Mode.COMPANY).withPageSize(10).withMaxResults(95);
    List<Page> pages = api.pages(q).collectList().block(WAIT);
    assertTrue(pages.stream().anyMatch(p -> p.rows().isEmpty() && p.hasMore()), "an empty page mid-way");
    List<Row> rows = pages.stream().flatMap(p -> p.rows().stream()).collect(Collectors.toList());
    Page last = pages.get(pages.size() - 1);
    assertFalse(last.hasMore());
    assertEquals(last.totalResults(), rows.size());
    assertEquals(rows.size(), rows.stream().map(r -> r.get("id")).distinct().count());
    assertEquals(pages.size() - 1, emulator.stats().requests("POST /search/query") - 1,
        "one request per page, the follow-ups accepted as cursor-only bodies");
  }

  @Test
  void mapsTheServersErrorsToTypedExceptions() {
    start(b -> b.clock(clock));
    StepVerifier.create(api.searchStatus("no-such-task"))
        .expectErrorSatisfies(e -> {
          ApiException a = assertInstanceOf(ApiException.class, e);
          assertEquals(404, a.status());
          assertEquals("Search task or export file not found.", a.detail());
        })
        .verify(WAIT);
    StepVerifier.create(api.nextPage("not-a-cursor"))
        .expectErrorSatisfies(e -> assertEquals(400, assertInstanceOf(ApiException.class, e).status()))
        .verify(WAIT);
    StepVerifier.create(api.query(QueryRequest.naturalLanguage("founders in Lisbon").withMode(Mode.COMPANY)))
        .expectErrorSatisfies(e -> assertEquals(400, assertInstanceOf(ApiException.class, e).status()))
        .verify(WAIT);
    SearchStatus done = completedSearch("heads of growth in Berlin");
    api.export(done.searchId()).block(WAIT);
    StepVerifier.create(api.export(done.searchId()))
        .expectErrorSatisfies(e -> {
          ApiException a = assertInstanceOf(ApiException.class, e);
          assertEquals(409, a.status());
          assertEquals("Export workflow is already running for this search.", a.detail());
        })
        .verify(WAIT);
    assertEquals(0, api.retries(), "none of these is retried");
  }

  @Test
  void aWrongKeyIsAnAuthenticationErrorThatNeverShowsTheKey() {
    start(b -> b.clock(clock));
    String wrong = "sk_live_this_key_is_wrong_42";
    Sixtyfour bad = Sixtyfour.builder().apiKey(wrong).baseUrl(emulator.baseUrl()).build();
    StepVerifier.create(bad.startDeepSearch(DeepSearchRequest.of("anything")))
        .expectErrorSatisfies(e -> {
          assertTrue(assertInstanceOf(ApiException.class, e).isAuthentication(), e.toString());
          assertEquals("Invalid API key", ((ApiException) e).detail());
          assertFalse(String.valueOf(e.getMessage()).contains(wrong));
          assertFalse(e.toString().contains(wrong));
        })
        .verify(WAIT);
    bad.close().block(WAIT);
    assertEquals(1, emulator.stats().unauthorized());
  }

  @Test
  void aSixthStartWhileFiveRunIsSlotsBusyNotARatePause() {
    start(b -> b.clock(clock));
    for (int i = 0; i < 5; i++) {
      api.startDeepSearch(DeepSearchRequest.of("search number " + i)).block(WAIT);
    }
    StepVerifier.create(api.startDeepSearch(DeepSearchRequest.of("the sixth").withSearchId("sixth")))
        .expectErrorSatisfies(e -> assertEquals("sixth", slotsBusy(e).searchId()))
        .verify(WAIT);
    assertEquals(1, api.budgetState().slotsBusy());
    assertEquals(null, api.budgetState().pausedUntil());
  }

  @Test
  void retriesResetsLostStartsAnd5xxWithTheSameSearchIdSoEachSearchStartsOnce() {
    start(b -> b.clock(clock).fault(FaultKind.LOST_START, 0.25).fault(FaultKind.HTTP_500, 0.1)
        .fault(FaultKind.HTTP_502_HTML, 0.1).fault(FaultKind.CONNECTION_RESET, 0.05).slots(50),
        c -> c.retry(RetryPolicy.defaults().withMaxAttempts(12)
            .withBackoff(Duration.ofMillis(5), Duration.ofMillis(20))));
    List<Task> tasks = Flux.range(0, 12)
        .concatMap(i -> api.startDeepSearch(DeepSearchRequest.of("retried query " + i)))
        .collectList().block(WAIT);
    assertEquals(12, tasks.size());
    assertEquals(12, tasks.stream().map(Task::taskId).distinct().count());
    EmulatorStats stats = emulator.stats();
    assertEquals(12, stats.searchesCreated(), "one search per start, however often it was retried");
    assertTrue(stats.faults(FaultKind.LOST_START) > 0, "lost starts happened: " + stats.faultsByKind());
    assertEquals(stats.faults(FaultKind.LOST_START), stats.startsReplayed());
    assertTrue(api.retries() >= stats.faults(FaultKind.LOST_START));
  }

  @Test
  void aSlowResponseTimesOutAndIsRetried() {
    start(b -> b.clock(clock).fault(FaultKind.SLOW_RESPONSE, 0.3).slowResponseDelay(Duration.ofSeconds(3)),
        c -> c.responseTimeout(Duration.ofMillis(400)).retry(RetryPolicy.defaults().withMaxAttempts(10)
            .withBackoff(Duration.ofMillis(5), Duration.ofMillis(20))));
    List<Page> pages = Flux.range(0, 6)
        .concatMap(i -> api.query(QueryRequest.simpleFilters(Map.of("n", i)).withMaxResults(5)))
        .collectList().block(Duration.ofSeconds(60));
    assertEquals(6, pages.size());
    assertTrue(emulator.stats().faults(FaultKind.SLOW_RESPONSE) > 0);
  }

  @Test
  void streamsTheSignedCsvAndReportsAnExpiredUrlAs403() {
    start(b -> b.clock(clock).urlTtl(Duration.ofSeconds(900)));
    SearchStatus done = completedSearch("CFOs in Madrid");
    DownloadLink link = api.downloadLink(done.resourceHandleId()).block(WAIT);
    assertFalse(link.toString().contains(link.url().getQuery()), "toString leaves the signature out");
    CsvRowDecoder decoder = new CsvRowDecoder(0, null);
    List<Row> rows = new ArrayList<>();
    api.download(link, 0).map(decoder::feed).doOnNext(l -> l.forEach(d -> rows.add(d.row())))
        .then(Mono.fromRunnable(() -> decoder.finish().forEach(d -> rows.add(d.row())))).block(WAIT);
    assertEquals(done.totalResults().intValue(), rows.size());
    assertEquals(api.rows(QueryRequest.searchId(done.searchId()).withPageSize(100))
            .map(r -> String.valueOf(r.get("full_name"))).collectList().block(WAIT),
        rows.stream().map(r -> String.valueOf(r.get("full_name"))).collect(Collectors.toList()),
        "CSV and JSON pages agree, non-ASCII, quotes, commas and line breaks included");
    long total = api.download(link, 0).map(ByteBuffer::remaining).reduce(0, Integer::sum).block(WAIT);
    long tail = api.download(link, 100).map(ByteBuffer::remaining).reduce(0, Integer::sum).block(WAIT);
    assertEquals(total - 100, tail, "a range request continues at the byte asked for");
    clock.advance(Duration.ofSeconds(901));
    StepVerifier.create(api.download(link, 0))
        .expectErrorSatisfies(e -> {
          ApiException a = assertInstanceOf(ApiException.class, e);
          assertEquals(403, a.status());
          assertFalse(a.getMessage().contains(link.url().getQuery()), a.getMessage());
        })
        .verify(WAIT);
  }

  /** A 429 meaning every deep-search slot is busy. */
  private static RateLimitedException slotsBusy(Throwable e) {
    RateLimitedException r = assertInstanceOf(RateLimitedException.class, e);
    assertTrue(r.slotsBusy(), e.toString());
    return r;
  }
}

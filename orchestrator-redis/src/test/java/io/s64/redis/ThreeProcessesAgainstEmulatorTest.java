package io.s64.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.s64.Sixtyfour;
import io.s64.batch.Batch;
import io.s64.job.BatchEvent;
import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import io.s64.emulator.EmulatorStats;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.limits.SearchSlots;
import io.s64.model.DeepSearchRequest;
import io.s64.model.DeepSearchRequest.Mode;
import io.s64.model.QueryRequest;
import io.s64.model.Task;
import io.s64.poll.PollSchedule;
import io.s64.redis.testing.RedisServerProcess;
import io.s64.redis.testing.TestRedis;
import io.s64.sink.RowSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Three clients in one JVM, each with its own coordination (its own Redis connections, as three
 * replicas would have), on one API key against the emulator's server-enforced limits.
 */
class ThreeProcessesAgainstEmulatorTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int LIMIT = 40;
  private static final Duration WINDOW = Duration.ofSeconds(1);

  private final String apiKey = TestRedis.freshApiKey();
  private final List<RedisCoordination> coordinations = new ArrayList<>();
  private final List<Sixtyfour> clients = new ArrayList<>();
  private Emulator emulator;

  private Emulator emulator(Duration searchMin, Duration searchMax) {
    emulator = Emulator.start(EmulatorConfig.builder().port(0).seed(7)
        .apiKeys(List.of(apiKey))
        .rateLimit(LIMIT).rateWindow(WINDOW).slots(5)
        .searchDuration(searchMin, searchMax).build());
    return emulator;
  }

  private Sixtyfour replica(String redisUrl, Duration leaseTtl) {
    RedisCoordination redis = RedisCoordination.builder(redisUrl, apiKey)
        .rateLimit(LIMIT, WINDOW).leaseTtl(leaseTtl).adoptPoll(Duration.ofMillis(100))
        .connect();
    coordinations.add(redis);
    Sixtyfour client = redis.client(Sixtyfour.builder().apiKey(apiKey)
        .baseUrl(emulator.baseUrl()).allowInsecureHttp(true));
    clients.add(client);
    return client;
  }

  private static Batch batch(Sixtyfour client) {
    return Batch.builder(client)
        .poll(PollSchedule.defaults().withCadence(Duration.ofMillis(100)))
        .slotsBusyBackoff(Duration.ofMillis(100), Duration.ofSeconds(1))
        .build();
  }

  private static List<Job> jobs(String replica, int deep, int filter) {
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < deep; i++) {
      jobs.add(Job.deep(replica + "-deep-" + i,
          DeepSearchRequest.of("founders in " + replica + " region " + i).withMaxResults(15)));
    }
    for (int i = 0; i < filter; i++) {
      jobs.add(Job.query(replica + "-filter-" + i, QueryRequest.simpleFilters(
          Map.of("employees_count", Map.of("$gte", i + 1))).withMode(Mode.COMPANY)
          .withPageSize(10).withMaxResults(25)));
    }
    return jobs;
  }

  @AfterEach
  void stop() {
    clients.forEach(c -> c.close().block(Duration.ofSeconds(5)));
    coordinations.forEach(RedisCoordination::close);
    if (emulator != null) {
      emulator.close();
    }
  }

  @Test
  void threeReplicasShareOneBudgetAndFiveSlotsWithoutA429() {
    emulator(Duration.ofMillis(200), Duration.ofMillis(800));
    List<Flux<Outcome>> runs = new ArrayList<>();
    for (String name : List.of("a", "b", "c")) {
      Sixtyfour client = replica(TestRedis.url(), Duration.ofSeconds(5));
      runs.add(batch(client).run(Flux.fromIterable(jobs(name, 8, 20)), RowSink.discarding()));
    }
    List<Outcome> outcomes = Flux.merge(runs).collectList().block(WAIT);
    assertEquals(84, outcomes.size());
    outcomes.forEach(o -> assertEquals(Outcome.Status.COMPLETED, o.status(), o.toString()));
    EmulatorStats stats = emulator.stats();
    assertEquals(0, stats.rateLimited(), "no 429 for a spent window");
    assertEquals(0, stats.slotsBusy(), "no 429 for busy slots");
    assertTrue(stats.peakConcurrentSearches() <= 5, "peak " + stats.peakConcurrentSearches());
    assertTrue(stats.peakRequestsInWindow() <= LIMIT, "peak " + stats.peakRequestsInWindow());
    assertEquals(24, stats.searchesCreated());
    assertNoTraceOfTheKey(TestRedis.url());
  }

  /**
   * A replica starts a search and dies (no heartbeat, no release). Its slot stays taken while the
   * search runs on the server; a live replica adopts the lease, polls the search to its end and
   * frees the slot, and only then does a waiting start get it.
   */
  @Test
  void aDeadReplicasSearchKeepsItsSlotUntilAnAdopterSeesItEnd() {
    emulator(Duration.ofMillis(1500), Duration.ofMillis(1500));
    RedisCoordination dying = RedisCoordination.builder(TestRedis.url(), apiKey)
        .slots(1).rateLimit(LIMIT, WINDOW).leaseTtl(Duration.ofMillis(300)).connect();
    coordinations.add(dying);
    Sixtyfour doomed = dying.client(Sixtyfour.builder().apiKey(apiKey)
        .baseUrl(emulator.baseUrl()).allowInsecureHttp(true));
    clients.add(doomed);
    SearchSlots.Slot slot = doomed.slots().acquire().block(WAIT);
    Task task = doomed.startDeepSearch(DeepSearchRequest.of("orphaned search")).block(WAIT);
    slot.running(task.taskId());
    dying.close(); // dies holding the slot: no heartbeat, no release

    RedisCoordination live = RedisCoordination.builder(TestRedis.url(), apiKey)
        .slots(1).rateLimit(LIMIT, WINDOW).leaseTtl(Duration.ofMillis(300))
        .adoptPoll(Duration.ofMillis(100)).connect();
    coordinations.add(live);
    Sixtyfour survivor = live.client(Sixtyfour.builder().apiKey(apiKey)
        .baseUrl(emulator.baseUrl()).allowInsecureHttp(true));
    clients.add(survivor);
    Mono<Boolean> endedWhenGranted = survivor.slots().acquire()
        .flatMap(next -> survivor.searchStatus(task.taskId()).map(s -> s.isTerminal())
            .doFinally(x -> next.release()));
    StepVerifier.create(endedWhenGranted)
        .expectNext(true)
        .expectComplete()
        .verify(WAIT);
    assertEquals(0, emulator.stats().slotsBusy());
  }

  /**
   * A job taken over from a dead replica (a queue's {@code XAUTOCLAIM}) re-attaches to its search by
   * taking over the lease that search already holds — here an adopter's — with a new fencing
   * token, never a second slot: at every moment from the takeover on, at most one lease exists,
   * held by the job's new owner while the search runs, and the adopter stops acting for it.
   */
  @Test
  void aJobTakenOverFromADeadReplicaTakesOverItsSearchsLeaseInsteadOfASecondSlot() {
    emulator(Duration.ofMillis(5000), Duration.ofMillis(5000));
    RedisCoordination dying = coordination("dying");
    Sixtyfour doomed = dying.client(Sixtyfour.builder().apiKey(apiKey)
        .baseUrl(emulator.baseUrl()).allowInsecureHttp(true));
    clients.add(doomed);
    DeepSearchRequest request = DeepSearchRequest.of("taken over search").withMaxResults(15);
    SearchSlots.Slot slot = doomed.slots().acquire().block(WAIT);
    Task task = doomed.startDeepSearch(request).block(WAIT);
    slot.running(task.taskId());
    dying.close(); // dies holding the slot, its job still in the queue

    RedisCoordination adopter = coordination("adopter");
    clients.add(adopter.client(Sixtyfour.builder().apiKey(apiKey)
        .baseUrl(emulator.baseUrl()).allowInsecureHttp(true)));
    Flux.interval(Duration.ofMillis(20)).concatMap(t -> adopter.status())
        .filter(s -> s.leases().stream().anyMatch(l -> l.holder().equals("adopter")))
        .next().block(WAIT);

    RedisCoordination taker = coordination("taker");
    Sixtyfour takerClient = taker.client(Sixtyfour.builder().apiKey(apiKey)
        .baseUrl(emulator.baseUrl()).allowInsecureHttp(true));
    clients.add(takerClient);
    Job resumed = Job.deep("taken", request).withResume(new Job.Resume(Job.Progress.NONE
        .apply(new BatchEvent.Admitted("taken", Job.Kind.DEEP, task.searchId()))
        .apply(new BatchEvent.Started("taken", task.taskId(), task.searchId())), Set.of()));
    List<CoordinationStatus> samples = new CopyOnWriteArrayList<>();
    List<Throwable> sampling = new CopyOnWriteArrayList<>();
    Disposable sampler = Flux.interval(Duration.ofMillis(10)).onBackpressureDrop()
        .concatMap(t -> taker.status(), 1).subscribe(samples::add, sampling::add);
    Outcome outcome;
    try {
      outcome = batch(takerClient).run(Flux.just(resumed), RowSink.discarding()).blockLast(WAIT);
    } finally {
      sampler.dispose();
    }
    assertEquals(List.of(), sampling);
    assertEquals(Outcome.Status.COMPLETED, outcome.status(), outcome.toString());
    assertEquals(task.taskId(), outcome.taskId());
    assertTrue(samples.stream().anyMatch(s -> s.leases().size() == 1
            && s.leases().get(0).holder().equals("taker")),
        "the job's new owner held the search's lease: " + samples.stream().map(s -> s.leases().toString()).distinct().toList());
    samples.forEach(s -> assertTrue(s.leases().size() <= 1, "two leases for one search: " + s.leases()));
    Flux.interval(Duration.ofMillis(20)).concatMap(t -> taker.status())
        .filter(s -> s.leases().isEmpty()).next().block(WAIT);
    assertEquals(0, ((LeasedSearchSlots) adopter.slots()).held(), "the adopter stopped acting for it");
    EmulatorStats stats = emulator.stats();
    assertEquals(1, stats.searchesCreated());
    assertEquals(1, stats.peakConcurrentSearches());
    assertEquals(0, stats.slotsBusy());
  }

  /**
   * A job taken over without its task id (the dead worker's checkpoint missed the start's answer)
   * takes a slot and sends the start again with the same search id; the API answers with the search
   * already running, whose lease an adopter follows. Recording the task hands that lease over: one
   * lease for the search again, the job's, and the adopter stops acting for it.
   */
  @Test
  void anAdoptersLeaseIsHandedOverWhenTheSearchsLiveOwnerRecordsItsTask() {
    emulator(Duration.ofMillis(5000), Duration.ofMillis(5000));
    RedisCoordination dying = coordination("dying");
    Sixtyfour doomed = dying.client(Sixtyfour.builder().apiKey(apiKey)
        .baseUrl(emulator.baseUrl()).allowInsecureHttp(true));
    clients.add(doomed);
    DeepSearchRequest request = DeepSearchRequest.of("started twice").withMaxResults(15)
        .withSearchId(DeterministicIds.searchId("q", "job", DeepSearchRequest.of("started twice")));
    SearchSlots.Slot slot = doomed.slots().acquire().block(WAIT);
    Task task = doomed.startDeepSearch(request).block(WAIT);
    slot.running(task.taskId());
    dying.close();

    RedisCoordination adopter = coordination("adopter");
    clients.add(adopter.client(Sixtyfour.builder().apiKey(apiKey)
        .baseUrl(emulator.baseUrl()).allowInsecureHttp(true)));
    Flux.interval(Duration.ofMillis(20)).concatMap(t -> adopter.status(), 1)
        .filter(s -> s.leases().stream().anyMatch(l -> l.holder().equals("adopter")))
        .next().block(WAIT);

    RedisCoordination taker = coordination("taker");
    Sixtyfour takerClient = taker.client(Sixtyfour.builder().apiKey(apiKey)
        .baseUrl(emulator.baseUrl()).allowInsecureHttp(true));
    clients.add(takerClient);
    SearchSlots.Slot mine = taker.slots().acquire().block(WAIT);
    Task again = takerClient.startDeepSearch(request).block(WAIT);
    assertEquals(task.taskId(), again.taskId(), "the same search id answers with the same search");
    mine.running(again.taskId());
    CoordinationStatus after = Flux.interval(Duration.ofMillis(20))
        .concatMap(t -> taker.status(), 1)
        .filter(s -> s.leases().size() == 1 && s.leases().get(0).holder().equals("taker"))
        .next().block(WAIT);
    assertEquals(task.taskId(), after.leases().get(0).taskId());
    Flux.interval(Duration.ofMillis(20))
        .filter(t -> ((LeasedSearchSlots) adopter.slots()).held() == 0)
        .next().block(WAIT);
    assertFalse(takerClient.searchStatus(task.taskId()).block(WAIT).isTerminal(),
        "handed over while the search still ran");
    // The adopter's renewals do not write the handed-over lease back.
    Flux.interval(Duration.ofMillis(50)).take(10).concatMap(t -> taker.status(), 1)
        .doOnNext(s -> assertEquals(1, s.leases().size(), s.leases().toString()))
        .blockLast(WAIT);
    mine.release();
    EmulatorStats stats = emulator.stats();
    assertEquals(1, stats.searchesCreated());
    assertEquals(0, stats.slotsBusy());
  }

  private RedisCoordination coordination(String holder) {
    RedisCoordination c = RedisCoordination.builder(TestRedis.url(), apiKey).holder(holder)
        .rateLimit(LIMIT, WINDOW).leaseTtl(Duration.ofMillis(300))
        .adoptPoll(Duration.ofMillis(100)).connect();
    coordinations.add(c);
    return c;
  }

  /**
   * Redis goes away mid-run and comes back (AOF on, so its state survives the restart): requests
   * wait while it is away, and every job still ends completed, with one search per deep job.
   */
  @Test
  void aRedisOutageMidRunLosesNothingAndPaysNothingTwice() throws Exception {
    emulator(Duration.ofMillis(300), Duration.ofMillis(900));
    try (RedisServerProcess redis = RedisServerProcess.launch("--appendonly", "yes",
        "--appendfsync", "always")) {
      List<Flux<Outcome>> runs = new ArrayList<>();
      for (String name : List.of("a", "b", "c")) {
        Sixtyfour client = replica(redis.url(), Duration.ofSeconds(5));
        runs.add(batch(client).run(Flux.fromIterable(jobs(name, 6, 15)), RowSink.discarding()));
      }
      long[] requests = new long[2];
      Mono<Void> outage = Mono.delay(Duration.ofMillis(1500))
          .doOnNext(t -> redis.stop())
          // Requests granted before the stop may still arrive; after that, none may go.
          .delayElement(Duration.ofMillis(500))
          .doOnNext(t -> requests[0] = emulator.stats().requestsTotal())
          .delayElement(Duration.ofMillis(2500))
          .doOnNext(t -> requests[1] = emulator.stats().requestsTotal())
          .publishOn(Schedulers.boundedElastic())
          .doOnNext(t -> {
            try {
              redis.start();
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          })
          .then();
      List<Outcome> outcomes = Flux.merge(runs).collectList()
          .zipWith(outage.thenReturn(true), (o, ignored) -> o)
          .block(WAIT);
      assertEquals(requests[0], requests[1], "no API request while Redis was away");
      assertTrue(requests[0] > 0, "the run was under way when Redis went away");
      assertEquals(63, outcomes.size());
      outcomes.forEach(o -> assertEquals(Outcome.Status.COMPLETED, o.status(), o.toString()));
      EmulatorStats stats = emulator.stats();
      assertEquals(18, stats.searchesCreated(), "one search per deep job");
      assertEquals(0, stats.rateLimited(), "no 429 for a spent window");
      assertTrue(stats.requestsTotal() > requests[1], "the run went on after Redis came back");
    }
  }

  /** Scans every key and every value in Redis for the API key. */
  private void assertNoTraceOfTheKey(String url) {
    RedisClient client = RedisClient.create(url);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      RedisCommands<String, String> redis = c.sync();
      int keys = 0;
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.limit(500));
        for (String key : page.getKeys()) {
          keys++;
          assertFalse(key.contains(apiKey), "a key names the API key");
          String dump = new String(c.sync().dump(key), StandardCharsets.ISO_8859_1);
          assertFalse(dump.contains(apiKey), "the value of " + key + " holds the API key");
        }
        cursor = page;
      } while (!cursor.isFinished());
      assertTrue(keys > 0, "the run left keys to scan");
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}

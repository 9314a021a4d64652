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
import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import io.s64.emulator.EmulatorStats;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.limits.SearchSlots;
import io.s64.model.DeepSearchRequest;
import io.s64.model.Mode;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
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

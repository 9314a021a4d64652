package io.s64.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import io.s64.emulator.EmulatorStats;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

/**
 * The work queue as a user runs it: {@code s64 submit}, three {@code s64 worker} processes on one
 * key against the emulator (server-enforced rate window and 5 slots, timings scaled down), and
 * {@code s64 collect --follow}, on a real redis-server. Server-side facts come from the
 * emulator's own stats.
 */
class QueueIT {
  private static final Duration RUN = Duration.ofSeconds(150);
  private static final int DEEP = 24;
  private static final int FILTERS = 12;
  private static final String QUEUE = "leads";
  private static final String KEY = "sk-queue-test-4f1c9a";

  @TempDir Path work;
  private Emulator emulator;
  private RedisServer redis;
  private Cli cli;

  @BeforeEach
  void start() throws IOException {
    // The API's 500 requests a minute and 5 slots, scaled down: 40 requests per 2 s window.
    emulator = Emulator.start(EmulatorConfig.builder().port(0).seed(16)
        .rateLimit(40).rateWindow(Duration.ofSeconds(2)).slots(5)
        .searchDuration(Duration.ofMillis(1500), Duration.ofMillis(4000)).build());
    redis = new RedisServer(work.resolve("redis"));
    cli = new Cli(work).env("SIXTYFOUR_API_KEY", KEY);
  }

  @AfterEach
  void stop() {
    redis.close();
    emulator.close();
  }

  private List<String> jobs() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < DEEP; i++) {
      lines.add("{\"id\":\"deep-" + i + "\",\"query\":\"founders of robotics startups in town " + i
          + "\",\"max_results\":" + (20 + 5 * i) + "}");
    }
    for (int i = 0; i < FILTERS; i++) {
      lines.add("{\"id\":\"filter-" + i + "\",\"simple_filters\":{\"employees_count\":{\"$gte\":"
          + (7 * i) + "}},\"mode\":\"company\",\"max_results\":" + (30 + i) + ",\"page_size\":10}");
    }
    lines.add("{\"id\":\"broken\",\"query\":\"\"}");
    return lines;
  }

  private Cli.Run worker(String name, String claimAfter) throws IOException {
    return cli.start("worker", "--redis", redis.url(), "--queue", QUEUE, "--name", name,
        "--base-url", emulator.baseUrl(), "--rate-limit", "40", "--rate-window", "2s",
        "--slots", "5", "--poll-interval", "250ms", "--page-size", "5", "--claim-after", claimAfter, "--until-empty");
  }

  private Set<String> submit() throws IOException, InterruptedException {
    List<String> lines = jobs();
    Inputs.write(work, "jobs.jsonl", lines);
    Cli.Run submit = cli.run(RUN, "submit", "--redis", redis.url(), "--queue", QUEUE, "jobs.jsonl");
    assertEquals(0, submit.process.exitValue(), submit.stderr());
    assertTrue(submit.stdout().contains("submitted " + (lines.size() - 1) + " jobs to queue 'leads'"
        + " (1 invalid, 0 already queued, 0 refused)"), submit.stdout());
    return new LinkedHashSet<>(Inputs.ids(lines));
  }

  /**
   * A worker holding both a deep search the server runs (its slot) and a job with rows committed
   * and more to come, or null.
   */
  private static String holderOfASearchAndOfRows(StatefulRedisConnection<String, String> c) {
    Set<String> searching = new java.util.HashSet<>();
    Set<String> reading = new java.util.HashSet<>();
    KeyScanCursor<String> cursor = c.sync().scan(ScanArgs.Builder.matches("s64:q:{" + QUEUE + "}:cp:*").limit(1000));
    while (true) {
      for (String key : cursor.getKeys()) {
        Map<String, String> cp = c.sync().hgetall(key);
        if (cp.containsKey("task_id") && cp.getOrDefault("terminal", "").isEmpty()) {
          searching.add(cp.get("owner"));
        }
        if (Long.parseLong(cp.getOrDefault("rows", "0")) > 0 && "0".equals(cp.get("complete"))) {
          reading.add(cp.get("owner"));
        }
      }
      if (cursor.isFinished()) {
        searching.retainAll(reading);
        return searching.isEmpty() ? null : searching.iterator().next();
      }
      cursor = c.sync().scan(cursor, ScanArgs.Builder.matches("s64:q:{" + QUEUE + "}:cp:*").limit(1000));
    }
  }

  private void assertTheQueueEndedExactlyOnce(Set<String> ids, Cli.Run collect, Path out) {
    OutFolder folder = new OutFolder(out);
    folder.assertExactlyOnce(ids, emulator);
    Map<String, Long> byStatus = new LinkedHashMap<>();
    folder.outcomes().forEach(o -> byStatus.merge(o.get("status").asText(), 1L, Long::sum));
    assertEquals(Map.of("completed", (long) DEEP + FILTERS, "invalid", 1L), byStatus, collect.stderr());
    OutFolder.assertOneSearchPerQuery(emulator);
    EmulatorStats stats = emulator.stats();
    assertEquals(DEEP, stats.searchesCreated(), "no search was started twice");
    assertEquals(0, stats.rateLimited(), "no 429 for a spent window: the workers share one budget");
    assertTrue(stats.peakConcurrentSearches() <= 5, "peak searches " + stats.peakConcurrentSearches());
    assertEquals(0, stats.busySlots(), "every search ended");
  }

  @Test
  void threeWorkersOnOneKeyStayWithinItsLimitsAndAKilledWorkersJobsFinishOnTheOthers()
      throws Exception {
    Set<String> ids = submit();
    Map<String, Cli.Run> workers = new LinkedHashMap<>();
    for (String name : List.of("w1", "w2", "w3")) {
      workers.put(name, worker(name, "8s"));
    }
    Path out = work.resolve("out");
    Cli.Run collect = cli.start("collect", "--redis", redis.url(), "--queue", QUEUE, "--out",
        out.toString(), "--follow");

    // Kill (SIGKILL) a worker once it holds a search the server runs (so a slot lease) and a job
    // with rows committed and more to come (so a checkpoint to resume from).
    RedisClient client = RedisClient.create(redis.url());
    String victim;
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      victim = Flux.interval(Duration.ofMillis(100))
          .map(tick -> String.valueOf(holderOfASearchAndOfRows(c)))
          .filter(workers::containsKey)
          .blockFirst(Duration.ofSeconds(60));
    } finally {
      client.shutdown();
    }
    assertNotNull(victim, "some worker held a running search and a job part read");
    Cli.Run status = cli.run(RUN, "queue", "status", "--redis", redis.url(), "--queue", QUEUE);
    assertEquals(0, status.process.exitValue(), status.stderr());
    assertTrue(status.stdout().contains("running") && status.stdout().contains("  " + victim + ": ")
        && status.stdout().matches("(?s).*slots held: [1-5] of 5\n.*budget: .*"), status.stdout());
    Cli.Run killed = workers.remove(victim);
    killed.process.destroyForcibly();
    assertEquals(137, killed.exit(Duration.ofSeconds(20)), "SIGKILL");

    for (Map.Entry<String, Cli.Run> w : workers.entrySet()) {
      assertEquals(0, w.getValue().exit(RUN), w.getKey() + ": " + w.getValue().stderr());
    }
    assertEquals(1, collect.exit(RUN), "an invalid line makes the exit 1: " + collect.stderr());
    assertTheQueueEndedExactlyOnce(ids, collect, out);
    String others = String.join("\n", workers.values().stream().map(Cli.Run::stderr).toList());
    assertTrue(others.contains("jobs ("), others);
    assertTheKeyIsNowhereInRedis();
    assertTrue(!others.contains(KEY) && !collect.stderr().contains(KEY), "the key in a log");
  }

  /** Every key name and every value in Redis (queue and shared limits alike) is free of the key. */
  private void assertTheKeyIsNowhereInRedis() {
    RedisClient client = RedisClient.create(redis.url());
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      var r = c.sync();
      List<String> keys = r.keys("*");
      assertTrue(keys.size() > 5, "Redis holds the queue and the limits: " + keys);
      for (String key : keys) {
        String type = r.type(key);
        String value = switch (type) {
          case "string" -> String.valueOf(r.get(key));
          case "hash" -> String.valueOf(r.hgetall(key));
          case "set" -> String.valueOf(r.smembers(key));
          case "zset" -> String.valueOf(r.zrange(key, 0, -1));
          case "list" -> String.valueOf(r.lrange(key, 0, -1));
          case "stream" -> String.valueOf(r.xrange(key, io.lettuce.core.Range.create("-", "+")));
          default -> "";
        };
        assertTrue(!key.contains(KEY) && !value.contains(KEY), "the API key in Redis key " + key);
      }
    } finally {
      client.shutdown();
    }
  }

  /** One collect at a time trims a queue: a second one is refused by the lock, and says why. */
  @Test
  void aSecondCollectOnTheSameQueueIsRefusedByTheLock() throws Exception {
    submit();
    Cli.Run first = cli.start("collect", "--redis", redis.url(), "--queue", QUEUE, "--out", "out1",
        "--follow");
    try {
      refusedWhileTheFirstCollects(first);
    } finally {
      first.process.destroyForcibly().waitFor(); // also when an assertion failed
    }
  }

  private void refusedWhileTheFirstCollects(Cli.Run first) throws Exception {
    RedisClient client = RedisClient.create(redis.url());
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      Flux.interval(Duration.ofMillis(50))
          .map(tick -> c.sync().exists("s64:q:{" + QUEUE + "}:collector"))
          .filter(n -> n == 1)
          .next().block(RUN);
    } finally {
      client.shutdown();
    }
    Cli.Run second = cli.run(RUN, "collect", "--redis", redis.url(), "--queue", QUEUE, "--out",
        "out2");
    assertEquals(2, second.process.exitValue(), second.stderr());
    assertTrue(second.stderr().contains(
        "error: another 's64 collect' is collecting queue '" + QUEUE + "'"), second.stderr());
    assertTrue(first.process.isAlive(), "the first collect goes on: " + first.stderr());
  }

  @Test
  void redisStoppedForTenSecondsMidRunLosesNothingAndPaysForNothingTwice() throws Exception {
    Set<String> ids = submit();
    List<Cli.Run> workers = new ArrayList<>();
    for (String name : List.of("w1", "w2", "w3")) {
      workers.add(worker(name, "30s"));
    }
    RedisClient client = RedisClient.create(redis.url());
    Long done;
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      done = Flux.interval(Duration.ofMillis(100))
          .map(tick -> Long.parseLong(String.valueOf(
              c.sync().hget("s64:q:{" + QUEUE + "}:counts", "done")).replace("null", "0")))
          .filter(n -> n >= 8)
          .blockFirst(Duration.ofSeconds(60));
    } finally {
      client.shutdown();
    }
    assertNotNull(done, "jobs ended before Redis went away");
    assertTrue(done < ids.size(), "Redis went away mid-run: " + done + " of " + ids.size() + " done");
    long searchesBefore = emulator.stats().searchesCreated();
    redis.stop();
    // Redis stays away for 10 s while the workers run: a timed outage is what this test is about.
    reactor.core.publisher.Mono.delay(Duration.ofSeconds(10)).block();
    redis.start();
    assertTrue(searchesBefore <= DEEP, "searches before the outage: " + searchesBefore);

    for (Cli.Run w : workers) {
      assertEquals(0, w.exit(RUN), w.stderr());
    }
    Path out = work.resolve("out");
    Cli.Run collect = cli.run(RUN, "collect", "--redis", redis.url(), "--queue", QUEUE, "--out",
        out.toString());
    assertEquals(1, collect.process.exitValue(), "an invalid line makes the exit 1: " + collect.stderr());
    assertTheQueueEndedExactlyOnce(ids, collect, out);

    // A collect stopped after writing lines but before recording its place: the next one cuts the
    // files back to the recorded place and writes nothing twice.
    String outcomes = Cli.read(out.resolve("outcomes.jsonl"));
    String results = Cli.read(out.resolve("results.jsonl"));
    java.nio.file.Files.writeString(out.resolve("outcomes.jsonl"), "{\"job_id\":\"torn",
        java.nio.file.StandardOpenOption.APPEND);
    java.nio.file.Files.writeString(out.resolve("results.jsonl"), results.substring(0, 40),
        java.nio.file.StandardOpenOption.APPEND);
    Cli.Run again = cli.run(RUN, "collect", "--redis", redis.url(), "--queue", QUEUE, "--out",
        out.toString());
    assertEquals(1, again.process.exitValue(), again.stderr());
    assertEquals(outcomes, Cli.read(out.resolve("outcomes.jsonl")));
    assertEquals(results, Cli.read(out.resolve("results.jsonl")));
  }
}

package io.s64.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.s64.RetryPolicy;
import io.s64.Sixtyfour;
import io.s64.batch.Batch;
import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import io.s64.emulator.EmulatorStats;
import io.s64.emulator.FaultKind;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.model.DeepSearchRequest;
import io.s64.model.DeepSearchRequest.Mode;
import io.s64.model.QueryRequest;
import io.s64.poll.PollSchedule;
import io.s64.sink.RowSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * The meters after a whole batch against the emulator, compared with what the emulator itself
 * saw: requests per operation, 429s by kind, peak slots, and the batch's jobs and rows against its
 * outcomes. Faults are on, so retries, 5xx answers, resets and spent windows all happen.
 */
class MetersAgainstEmulatorTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private Emulator emulator;
  private Sixtyfour api;

  private Batch batch(int serverSlots, int clientSlots) {
    return batch(serverSlots, clientSlots, 0.05, 0.03, 0.02, Duration.ofMillis(200));
  }

  private Batch batch(int serverSlots, int clientSlots, double http500, double reset, double spent,
      Duration shortestSearch) {
    emulator = Emulator.start(EmulatorConfig.builder().port(0).seed(17).slots(serverSlots)
        .searchDuration(shortestSearch, shortestSearch.multipliedBy(4))
        .rateLimit(100).rateWindow(Duration.ofSeconds(1))
        .fault(FaultKind.HTTP_500, http500)
        .fault(FaultKind.CONNECTION_RESET, reset)
        .fault(FaultKind.WINDOW_EXHAUSTED, spent)
        .build());
    api = Sixtyfour.builder().apiKey("sk_meters_test").baseUrl(emulator.baseUrl())
        .rateLimit(100, Duration.ofSeconds(1))
        .slots(clientSlots)
        .responseTimeout(Duration.ofSeconds(2))
        .retry(RetryPolicy.defaults().withMaxAttempts(12)
            .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200)))
        .meterRegistry(registry)
        .build();
    return Batch.builder(api)
        .poll(PollSchedule.defaults().withCadence(Duration.ofMillis(100)))
        .slotsBusyBackoff(Duration.ofMillis(50), Duration.ofMillis(400))
        .meterRegistry(registry)
        .build();
  }

  @AfterEach
  void stop() {
    api.close().block(Duration.ofSeconds(5));
    emulator.close();
  }

  private static List<Job> jobs(int deep, int filter) {
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < deep; i++) {
      jobs.add(Job.deep("deep-" + i, DeepSearchRequest.of("heads of sales, meters " + i)
          .withMaxResults(20 + i)));
    }
    for (int i = 0; i < filter; i++) {
      jobs.add(Job.query("filter-" + i, QueryRequest.simpleFilters(
              Map.of("employees_count", Map.of("$gte", 10 * i))).withMode(Mode.COMPANY)
          .withPageSize(10).withMaxResults(25 + i)));
    }
    return jobs;
  }

  @Test
  void requestsTooManyRequestsAndPeakSlotsAgreeWithTheEmulator() {
    Batch batch = batch(5, 5);
    List<Outcome> outcomes = batch.run(Flux.fromIterable(jobs(12, 20)), RowSink.inMemory())
        .collectList().block(WAIT);
    EmulatorStats stats = emulator.stats();

    assertEquals(32, outcomes.size());
    assertEquals(requestsByOperation(stats), clientRequestsByOperation(),
        "requests per operation, client meters against the emulator");
    assertTooManyRequestsAgree(stats);
    assertTrue(stats.faults(FaultKind.WINDOW_EXHAUSTED) > 0, "the fault spent a window at least once");
    // A start lost to a fault holds a client slot that the server never filled: with faults on the
    // client's peak bounds the server's (peakSlotsAgreeWithTheEmulator compares them exactly).
    assertTrue(gauge("s64.slots.peak") >= stats.peakConcurrentSearches());
    assertEquals(stats.responses(500), count("s64.client.requests", "status", "5xx"));
    assertEquals((double) api.retries(), registry.find("s64.client.retries").counters().stream()
        .mapToDouble(Counter::count).sum());
    assertTrue(api.retries() > 0, "faults made the client retry");

    assertBatchMetersMatch(outcomes, Duration.ofSeconds(10));
    assertEquals(0, gauge("s64.slots.in.use"));
    assertEquals(0, gauge("s64.budget.in.flight"));
    assertEquals(5, gauge("s64.slots.capacity"));
    assertTrue(registry.get("s64.client.page.latency").timer().count() > 0);
  }

  @Test
  void peakSlotsAgreeWithTheEmulator() {
    // Searches long enough that the first five are all running on the server before any ends
    // (the client holds a slot until it sees the end, the server only until the end).
    Batch batch = batch(5, 5, 0, 0, 0, Duration.ofMillis(1500));
    List<Outcome> outcomes = batch.run(Flux.fromIterable(jobs(7, 4)), RowSink.inMemory())
        .collectList().block(WAIT);
    EmulatorStats stats = emulator.stats();

    assertEquals(11, outcomes.size());
    assertEquals(5, stats.peakConcurrentSearches());
    assertEquals(stats.peakConcurrentSearches(), gauge("s64.slots.peak"));
    assertEquals(requestsByOperation(stats), clientRequestsByOperation());
    assertEquals(stats.responses(200), count("s64.client.requests", "status", "2xx"));
    assertTooManyRequestsAgree(stats);
    assertBatchMetersMatch(outcomes, Duration.ofSeconds(1));
  }

  @Test
  void slotsBusyAnswersAreCountedApartFromRateLimits() {
    Batch batch = batch(2, 4);
    List<Outcome> outcomes = batch.run(Flux.fromIterable(jobs(8, 0)), RowSink.inMemory())
        .collectList().block(WAIT);
    EmulatorStats stats = emulator.stats();

    assertEquals(8, outcomes.size());
    assertTrue(stats.slotsBusy() > 0, "the server had fewer slots than the client");
    assertTooManyRequestsAgree(stats);
    assertEquals(requestsByOperation(stats), clientRequestsByOperation());
    assertEquals(4, gauge("s64.slots.peak"), "the client held all of its own slots");
    assertEquals(2, stats.peakConcurrentSearches());
    assertBatchMetersMatch(outcomes, Duration.ofSeconds(10));
  }

  /**
   * 429s by kind: the emulator counts its rate limiter's and its slots' apart from the windows
   * that the fault spent (which answer 429 for the window too).
   */
  private void assertTooManyRequestsAgree(EmulatorStats stats) {
    long rate = counter("s64.client.too.many.requests", "kind", "rate");
    long slots = counter("s64.client.too.many.requests", "kind", "slots");
    assertEquals(stats.rateLimited() + stats.faults(FaultKind.WINDOW_EXHAUSTED), rate, "rate 429s");
    assertEquals(stats.slotsBusy(), slots, "slots-busy 429s");
    assertEquals(stats.responses(429), rate + slots, "all 429s");
  }

  /**
   * @param detectionBound the most a deep search's detection delay may be: a poll cycle and its
   *     request, and, with faults, a spent window's pause and some retries on top
   */
  private void assertBatchMetersMatch(List<Outcome> outcomes, Duration detectionBound) {
    Map<String, Long> byKindAndStatus = outcomes.stream().collect(Collectors.groupingBy(
        o -> o.kind().name().toLowerCase() + " " + o.status().wire(), TreeMap::new,
        Collectors.counting()));
    Map<String, Long> metered = new TreeMap<>();
    for (Counter c : registry.find("s64.batch.jobs").counters()) {
      metered.merge(c.getId().getTag("kind") + " " + c.getId().getTag("status"),
          (long) c.count(), Long::sum);
    }
    assertEquals(byKindAndStatus, metered, "jobs by kind and status");
    assertEquals((double) outcomes.stream().mapToLong(Outcome::rows).sum(),
        registry.get("s64.batch.rows").counter().count(), "rows delivered");
    long deepCompleted = outcomes.stream()
        .filter(o -> o.kind() == Job.Kind.DEEP && o.status() == Outcome.Status.COMPLETED).count();
    assertTrue(deepCompleted > 0);
    assertEquals(deepCompleted, registry.get("s64.deep.search.duration").timer().count());
    Timer detection = registry.get("s64.poll.detection.delay").tag("kind", "deep").timer();
    assertEquals(deepCompleted, detection.count());
    double max = detection.max(java.util.concurrent.TimeUnit.MILLISECONDS);
    assertTrue(max > 0 && max < detectionBound.toMillis(),
        "the detection delay's bound is within a poll cycle and its request: " + max + " ms");
  }

  /** The emulator's API requests per operation, named as the client names them. */
  private static Map<String, Long> requestsByOperation(EmulatorStats stats) {
    Map<String, Long> out = new TreeMap<>();
    stats.requestsByEndpoint().forEach((endpoint, n) -> {
      if (!endpoint.contains("/_storage/")) {
        int parameter = endpoint.indexOf("/{");
        out.merge(parameter < 0 ? endpoint : endpoint.substring(0, parameter), n, Long::sum);
      }
    });
    return out;
  }

  private Map<String, Long> clientRequestsByOperation() {
    Map<String, Long> out = new TreeMap<>();
    for (Timer t : registry.find("s64.client.requests").timers()) {
      out.merge(t.getId().getTag("operation"), t.count(), Long::sum);
    }
    return out;
  }

  private long counter(String name, String tag, String value) {
    Counter c = registry.find(name).tag(tag, value).counter();
    return c == null ? 0 : (long) c.count();
  }

  private long count(String name, String tag, String value) {
    return registry.find(name).tag(tag, value).timers().stream().mapToLong(Timer::count).sum();
  }

  private long gauge(String name) {
    Gauge g = registry.get(name).gauge();
    return (long) g.value();
  }

  @SuppressWarnings("unused")
  private static String describe(Meter m) {
    return m.getId().getName() + m.getId().getTags().stream().map(Tag::getValue).collect(Collectors.toList());
  }
}

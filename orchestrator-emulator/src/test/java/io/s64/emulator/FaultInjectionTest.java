package io.s64.emulator;

import static io.s64.emulator.Paging.QUERY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import org.jspecify.annotations.Nullable;

class FaultInjectionTest {
  private static final String START = "/search/start-deep-search";
  private static final String STATUS = "/search/status/unknown-task";
  private static final String FILTER = "{\"simple_filters\":{\"a\":1}}";
  private @Nullable Fixture fx;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  private void start(FaultKind kind, double p, UnaryOperator<EmulatorConfig.Builder> more) {
    fx = Fixture.start(b -> more.apply(b.fault(kind, p)));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "HTTP_500, 500, application/json, Internal server error",
      "HTTP_502_HTML, 502, text/html, <center>nginx</center>",
      "HTTP_503, 503, application/json, Company search backend endpoint is not configured"})
  void anErrorFaultAnswersWithoutProcessingTheRequest(FaultKind kind, int status,
      String contentType, String bodyPart) {
    start(kind, 1.0, b -> b);
    Api.Reply reply = fx.api.post(START, "{\"query\":\"cto\"}");
    assertEquals(status, reply.status());
    assertEquals(contentType, reply.header("content-type"));
    assertTrue(reply.body().contains(bodyPart), reply.body());
    assertEquals("499", reply.header("X-RateLimit-Remaining"), "the request passed the limiter");
    assertEquals(List.of(), fx.emulator.searches(), "not processed");
    assertEquals(1, fx.emulator.stats().faults(kind));
    assertEquals(1, fx.emulator.stats().responses(status));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = FaultKind.class, names = {"CONNECTION_RESET", "LOST_START"})
  void aResetFaultOnAQuerySendsNoResponseAndProcessesNothing(FaultKind kind) {
    start(kind, 1.0, b -> b);
    assertThrows(IOException.class, () -> fx.api.sendOrThrow(fx.api.post(QUERY, FILTER, null)));
    assertEquals(List.of(), fx.emulator.searches());
    EmulatorStats stats = fx.emulator.stats();
    assertEquals(1, stats.faults(FaultKind.CONNECTION_RESET), "a lost start elsewhere is a reset");
    assertEquals(0, stats.responses(200));
    assertEquals(1, stats.requests("POST /search/query"));
  }

  @Test
  void aConnectionResetOnAStartCreatesNoSearch() {
    start(FaultKind.CONNECTION_RESET, 1.0, b -> b);
    assertThrows(IOException.class,
        () -> fx.api.sendOrThrow(fx.api.post(START, "{\"query\":\"cto\"}", null)));
    assertEquals(List.of(), fx.emulator.searches());
    assertEquals(0, fx.emulator.stats().busySlots());
  }

  @Test
  void aLostStartCreatesTheSearchThenResetsAndARetryWithTheSameSearchIdGetsTheSameTask() {
    // Seed whose first API draw is a fault (p = 0.5) and whose second is not.
    long seed = seedWhoseDrawsAre(0.5, true, false);
    start(FaultKind.LOST_START, 0.5, b -> b.seed(seed));
    String body = "{\"query\":\"cto\",\"search_id\":\"client-chosen\"}";
    assertThrows(IOException.class, () -> fx.api.sendOrThrow(fx.api.post(START, body, null)));
    assertEquals(1, fx.emulator.searches().size(), "the start was processed");
    assertEquals(1, fx.emulator.stats().busySlots(), "and holds a slot");

    Api.Reply retry = fx.api.post(START, body);
    assertEquals(200, retry.status());
    assertEquals(fx.emulator.searches().get(0).taskId(), retry.json().get("task_id").asText());
    EmulatorStats stats = fx.emulator.stats();
    assertEquals(1, stats.startsReplayed());
    assertEquals(1, stats.searchesCreated());
    assertEquals(1, stats.faults(FaultKind.LOST_START));
  }

  @Test
  void aSlowResponseIsProcessedAndArrivesAfterTheConfiguredDelay() {
    start(FaultKind.SLOW_RESPONSE, 1.0, b -> b.slowResponseDelay(Duration.ofMillis(400)));
    HttpRequest request = fx.api.post(START, "{\"query\":\"cto\"}", Duration.ofSeconds(5));
    StepVerifier.create(Mono.fromFuture(() -> fx.api.sendAsync(request)))
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(300))
        .assertNext(reply -> {
          assertEquals(200, reply.status());
          assertEquals("queued", reply.json().get("status").asText());
          assertNotNull(reply.header("X-RateLimit-Remaining"));
        })
        .expectComplete()
        .verify(Duration.ofSeconds(5));
    assertEquals(1, fx.emulator.searches().size());
    assertEquals(1, fx.emulator.stats().faults(FaultKind.SLOW_RESPONSE));
  }

  @Test
  void aClientThatGivesUpOnASlowResponseLeavesTheEmulatorHealthy() {
    start(FaultKind.SLOW_RESPONSE, 0.5, b -> b.seed(seedWhoseDrawsAre(0.5, true, false))
        .slowResponseDelay(Duration.ofMillis(300)));
    HttpRequest impatient = fx.api.post(QUERY, FILTER, Duration.ofMillis(100));
    assertThrows(IOException.class, () -> fx.api.sendOrThrow(impatient));
    StepVerifier.create(Mono.fromFuture(() -> fx.api.sendAsync(fx.api.post(QUERY, FILTER, null))))
        .assertNext(reply -> assertEquals(200, reply.status()))
        .expectComplete()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void faultsAreDeterministicUnderTheSeed() {
    List<String> first = outcomes(11);
    assertEquals(first, outcomes(11));
    assertNotEquals(first, outcomes(12));
  }

  @Test
  void theFaultRateIsSpreadOverEveryKind() {
    fx = Fixture.start(b -> b.faultRate(1.0).slowResponseDelay(Duration.ZERO).slots(1000));
    for (int i = 0; i < 120; i++) {
      try {
        fx.api.sendOrThrow(fx.api.post(START, "{\"query\":\"q" + i + "\"}", null));
      } catch (IOException expected) {
        // resets and lost starts
      }
    }
    EmulatorStats stats = fx.emulator.stats();
    for (FaultKind kind : FaultKind.SPREAD) {
      assertTrue(stats.faults(kind) > 5, kind + " injected " + stats.faults(kind) + " times");
    }
    assertEquals(0, stats.faults(FaultKind.WINDOW_EXHAUSTED), "not part of the spread");
    assertEquals(120, stats.faultsByKind().values().stream().mapToLong(Long::longValue).sum());
  }

  @Test
  void anExhaustedWindowAnswers429UntilItsResetAndCountsRequestsThatDoNotWait() throws Exception {
    start(FaultKind.WINDOW_EXHAUSTED, 1.0, b -> b.rateLimit(10).rateWindow(Duration.ofSeconds(10)));
    Api.Reply first = fx.api.get(STATUS);
    assertEquals(429, first.status());
    assertEquals("0", first.header("X-RateLimit-Remaining"));
    long reset = Long.parseLong(first.header("X-RateLimit-Reset"));
    assertEquals(Fixture.T0.getEpochSecond() + 10, reset);
    assertEquals(0, fx.emulator.stats().requestsDuringPause(), "the 429 itself is no breach");
    // The next request goes on the connection that carried the 429: the client had read it.
    assertEquals(429, fx.api.get(STATUS).status(), "the window is spent");
    assertEquals(1, fx.emulator.stats().requestsDuringPause(), "a request after the 429 was read");
    fx.clock.advance(Duration.ofSeconds(1));
    assertEquals(429, fx.api.get(STATUS).status());
    EmulatorStats stats = fx.emulator.stats();
    assertEquals(2, stats.requestsDuringPause(), "one second later, again");
    assertEquals(2, stats.pauseBreachesOnThe429Connection(), "both on the 429's connection");
    assertEquals(1, stats.faults(FaultKind.WINDOW_EXHAUSTED));
    assertEquals(2, stats.rateLimited(), "the later 429s are the limiter's");
  }

  @Test
  void introspectionAndRateLimitedRequestsAreNeverFaulted() {
    fx = Fixture.start(b -> b.fault(FaultKind.HTTP_500, 1.0).rateLimit(1));
    assertEquals(500, fx.api.get("/search/status/x").status());
    assertEquals(429, fx.api.get("/search/status/x").status());
    assertEquals(200, fx.api.get("/_emulator/stats").status());
    assertEquals(1, fx.emulator.stats().faults(FaultKind.HTTP_500));
  }

  /** The status of 30 queries under a 0.5 fault rate, "reset" for a reset connection. */
  private List<String> outcomes(long seed) {
    List<String> out = new ArrayList<>();
    try (Fixture f = Fixture.start(b -> b.seed(seed).faultRate(0.5)
        .fault(FaultKind.SLOW_RESPONSE, 0).slowResponseDelay(Duration.ZERO))) {
      for (int i = 0; i < 30; i++) {
        try {
          out.add(Integer.toString(f.api.sendOrThrow(f.api.post(QUERY, FILTER, null)).status()));
        } catch (IOException e) {
          out.add("reset");
        }
      }
    }
    return out;
  }

  /** A seed whose first API fault draws fall below {@code p} exactly where {@code faulted} says. */
  static long seedWhoseDrawsAre(double p, boolean... faulted) {
    for (long seed = 0; ; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      boolean match = true;
      for (boolean f : faulted) {
        match &= (random.nextDouble() < p) == f;
      }
      if (match) {
        return seed;
      }
    }
  }
}

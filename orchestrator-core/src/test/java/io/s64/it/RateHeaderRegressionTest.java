package io.s64.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.s64.RetryPolicy;
import io.s64.Sixtyfour;
import io.s64.limits.RequestBudget;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Issue 11, defect 3: a rate-limit header no server could mean must be ignored, never end the
 * request budget. Over real HTTP: every answer carries the hostile header, more of them than the
 * budget lets on the wire at once, and the request after them must still be granted.
 */
class RateHeaderRegressionTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int MAX_IN_FLIGHT = 2;
  private static final String STATUS_OK =
      "{\"task_id\":\"t\",\"status\":\"running\",\"start_time\":\"2026-11-22T10:00:00Z\"}";

  private HostileServer server;
  private Sixtyfour api;

  @AfterEach
  void close() {
    if (api != null) {
      api.close().block(WAIT);
    }
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest(name = "X-RateLimit-Reset: {0}")
  @ValueSource(strings = {"1e20", "99999999999999999999", "1e16", "9223372036854775807",
      "31556889864403199", "9000000000000000"})
  void aMalformedResetHeaderNeverStopsTheBudgetGranting(String reset) {
    server = new HostileServer(n -> HostileServer.Answer.of(200, STATUS_OK,
        "X-RateLimit-Limit", "500", "X-RateLimit-Remaining", "400", "X-RateLimit-Reset", reset));
    api = Sixtyfour.builder().apiKey("sk_hostile").baseUrl(server.baseUrl())
        .responseTimeout(Duration.ofSeconds(2))
        .budget(RequestBudget.local(500, Duration.ofMinutes(1), MAX_IN_FLIGHT, Schedulers.parallel()))
        .retry(RetryPolicy.none())
        .build();
    List<String> answers = new CopyOnWriteArrayList<>();
    Mono<String> one = Mono.defer(() -> api.searchStatus("t"))
        .map(s -> "read " + s.status())
        .onErrorResume(e -> Mono.just("failed: " + e));
    // One after the other: each must be granted, and each one's answer must give its place back.
    StepVerifier.create(Flux.range(0, MAX_IN_FLIGHT + 2).concatMap(i -> one).doOnNext(answers::add))
        .expectNextCount(MAX_IN_FLIGHT + 2)
        .expectComplete()
        .verify(Duration.ofSeconds(10));
    assertEquals(List.of("read running", "read running", "read running", "read running"), answers,
        "the header is ignored, the answer read");
    assertEquals(MAX_IN_FLIGHT + 2, server.requests.get());
    assertEquals(0, api.budgetState().inFlight(), "every ticket ended");
    assertNull(api.budgetState().serverResetAt(), "an absurd reset is no window end");
    assertNull(api.budgetState().pausedUntil());
  }
}

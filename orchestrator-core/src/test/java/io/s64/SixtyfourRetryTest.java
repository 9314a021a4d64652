package io.s64;

import static io.s64.ScriptedTransport.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.error.ApiException;
import io.s64.error.DecodeException;
import io.s64.error.RateLimitedException;
import io.s64.error.TransportException;
import io.s64.http.HttpTransport;
import io.s64.limits.RequestBudget;
import io.s64.model.DeepSearchRequest;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Retries, backoff and error mapping, on virtual time against a scripted server. */
class SixtyfourRetryTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private static final String KEY = "sk_test_0123456789abcdef";
  private static final String STARTED =
      "{\"task_id\":\"t-1\",\"status\":\"queued\",\"message\":\"Search started successfully\"}";

  private VirtualTimeScheduler clock;
  private ScriptedTransport server;

  @BeforeEach
  void setUp() {
    clock = VirtualTimeScheduler.create();
    clock.advanceTimeTo(T0);
    server = new ScriptedTransport(clock);
  }

  private Sixtyfour client(RetryPolicy retry) {
    return Sixtyfour.builder().apiKey(KEY).transport(server).scheduler(clock).retry(retry).build();
  }

  private List<Long> sentAtMillis() {
    return server.sent().stream().map(s -> s.atMillis() - T0.toEpochMilli()).collect(Collectors.toList());
  }

  @Test
  void aTransportThatEndsWithoutAnAnswerStillGivesItsPlaceOnTheWireBack() {
    List<String> seen = new ArrayList<>();
    HttpTransport silent = new HttpTransport() {
      @Override
      public Mono<Response> exchange(Request request) {
        seen.add(request.path());
        return Mono.empty(); // neither a response nor an error
      }

      @Override
      public Flux<ByteBuffer> download(URI url, long offset) {
        return Flux.empty();
      }

      @Override
      public Mono<Void> close() {
        return Mono.empty();
      }
    };
    Sixtyfour api = Sixtyfour.builder().apiKey(KEY).transport(silent).scheduler(clock)
        .budget(RequestBudget.local(100, Duration.ofMinutes(1), 1, clock)).build();
    for (int i = 0; i < 3; i++) {
      api.searchStatus("t-" + i).onErrorResume(e -> Mono.empty()).subscribe();
    }
    assertEquals(List.of("/search/status/t-0", "/search/status/t-1", "/search/status/t-2"), seen,
        "one request on the wire at a time, and each ended, so each next one went");
  }

  @Test
  void retriesTransientFailuresOnTheExactExponentialSchedule() {
    Sixtyfour api = client(RetryPolicy.defaults().withJitter(0).withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(5)));
    server.then(json(500, "{\"detail\":\"Internal server error\"}"))
        .then(json(502, "<html><body><h1>502 Bad Gateway</h1></body></html>", "content-type", "text/html"))
        .thenFail(new TransportException("POST /search/start-deep-search: connection reset", false, null))
        .then(json(503, "{\"detail\":\"busy\"}"))
        .then(json(200, STARTED));
    StepVerifier.withVirtualTime(() -> api.startDeepSearch(DeepSearchRequest.of("cto fintech")), () -> clock, 1)
        .thenAwait(Duration.ofSeconds(12))
        .assertNext(task -> assertEquals("t-1", task.taskId()))
        .expectComplete()
        .verify(Duration.ofSeconds(5));
    assertEquals(List.of(0L, 1000L, 3000L, 7000L, 12000L), sentAtMillis(),
        "waits of 1 s, 2 s, 4 s, then 5 s (the cap)");
    assertEquals(4, api.retries());
  }

  @Test
  void fullJitterDrawsEachWaitBelowItsExponentialBound() {
    RetryPolicy policy = RetryPolicy.defaults().withRandom(new SplittableRandom(7))
        .withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(8));
    for (int k = 0; k < 6; k++) {
      long bound = Math.min(8000, 1000L << k);
      long wait = policy.backoff(k).toMillis();
      assertTrue(wait >= 0 && wait <= bound, "retry " + k + " waited " + wait + " ms, bound " + bound);
    }
  }

  @Test
  void aRetriedStartSendsTheSameSearchIdEveryTime() {
    Sixtyfour api = client(RetryPolicy.defaults().withJitter(0));
    server.thenFail(new TransportException("lost", true, null))
        .then(json(504, "{\"detail\":\"Gateway timeout\"}"))
        .then(json(200, STARTED));
    StepVerifier.withVirtualTime(
            () -> api.startDeepSearch(DeepSearchRequest.of("cto fintech")), () -> clock, 1)
        .thenAwait(Duration.ofMinutes(1))
        .assertNext(task -> assertTrue(server.sent().get(0).body().contains(task.searchId())))
        .expectComplete()
        .verify(Duration.ofSeconds(5));
    List<String> bodies = server.sent().stream().map(ScriptedTransport.Sent::body).collect(Collectors.toList());
    assertEquals(3, bodies.size());
    assertEquals(1, bodies.stream().distinct().count(), "all attempts identical: " + bodies);
    assertTrue(bodies.get(0).contains("\"search_id\":\""), bodies.get(0));
  }

  @ParameterizedTest(name = "HTTP {0} is final")
  @ValueSource(ints = {400, 403, 404, 409, 422})
  void doesNotRetryRequestsTheServerCallsWrong(int status) {
    Sixtyfour api = client(RetryPolicy.defaults());
    String body = status == 422
        ? "{\"detail\":[{\"type\":\"less_than_equal\",\"loc\":[\"body\",\"page_size\"],\"msg\":\"Input should be less than or equal to 100\",\"input\":101}]}"
        : "{\"detail\":\"Search not found or has no parsed_query.\"}";
    server.then(json(status, body));
    StepVerifier.withVirtualTime(() -> api.exportStatus("t-9"), () -> clock, 1)
        .expectErrorSatisfies(e -> {
          ApiException api4xx = assertInstanceOf(ApiException.class, e);
          assertEquals(status, api4xx.status());
          assertFalse(api4xx.isRetryable());
          if (status == 422) {
            assertEquals("page_size", api4xx.validationErrors().get(0).field());
            assertEquals("less_than_equal", api4xx.validationErrors().get(0).type());
          } else {
            assertEquals("Search not found or has no parsed_query.", api4xx.detail());
          }
        })
        .verify(Duration.ofSeconds(5));
    assertEquals(1, server.sent().size());
  }

  @Test
  void a401IsAnAuthenticationErrorAndIsNotRetried() {
    Sixtyfour api = client(RetryPolicy.defaults());
    server.then(json(401, "{\"detail\":\"Invalid API key\"}"));
    StepVerifier.withVirtualTime(() -> api.searchStatus("t-1"), () -> clock, 1)
        .expectErrorSatisfies(e -> assertTrue(assertInstanceOf(ApiException.class, e).isAuthentication(), e.toString()))
        .verify(Duration.ofSeconds(5));
    assertEquals(1, server.sent().size());
  }

  @Test
  void aRate429WaitsForTheResetThenGoesAgain() {
    Sixtyfour api = client(RetryPolicy.defaults());
    long reset = T0.getEpochSecond() + 42;
    server.then(json(429, "{\"detail\":\"Rate limit exceeded\"}", "X-RateLimit-Limit", "500",
            "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", Long.toString(reset)))
        .then(json(200, "{\"task_id\":\"t-1\",\"status\":\"running\",\"start_time\":\"2026-11-22T10:00:00Z\"}"));
    StepVerifier.withVirtualTime(() -> api.searchStatus("t-1"), () -> clock, 1)
        .expectSubscription()
        .expectNoEvent(Duration.ofSeconds(41))
        .thenAwait(Duration.ofSeconds(1))
        .assertNext(s -> assertEquals("running", s.status()))
        .expectComplete()
        .verify(Duration.ofSeconds(5));
    assertEquals(List.of(0L, 42000L), sentAtMillis());
  }

  @Test
  void retryAfterAsAnHttpDateIsHonoured() {
    Sixtyfour api = client(RetryPolicy.defaults());
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(T0.plusSeconds(9).atZone(ZoneOffset.UTC));
    server.then(json(429, "{\"detail\":\"Rate limit exceeded\"}", "Retry-After", date))
        .then(json(200, "{\"task_id\":\"t-1\",\"status\":\"RUNNING\"}"));
    StepVerifier.withVirtualTime(() -> api.searchStatus("t-1"), () -> clock, 1)
        .thenAwait(Duration.ofSeconds(9))
        .assertNext(s -> assertEquals(io.s64.model.SearchStatus.State.RUNNING, s.state()))
        .expectComplete()
        .verify(Duration.ofSeconds(5));
    assertEquals(List.of(0L, 9000L), sentAtMillis());
  }

  @Test
  void gives429UpAfterTheConfiguredNumberOfWaits() {
    Sixtyfour api = client(RetryPolicy.defaults().withMaxRateLimitWaits(2));
    server.otherwise(r -> reactor.core.publisher.Mono.just(json(429, "{\"detail\":\"Rate limit exceeded\"}",
        "Retry-After", "1")));
    StepVerifier.withVirtualTime(() -> api.searchStatus("t-1"), () -> clock, 1)
        .thenAwait(Duration.ofSeconds(10))
        .expectError(RateLimitedException.class)
        .verify(Duration.ofSeconds(5));
    assertEquals(3, server.sent().size());
  }

  @Test
  void a429OnAStartWithRoomInTheWindowMeansSlotsBusyAndPausesNothing() {
    Sixtyfour api = client(RetryPolicy.defaults());
    server.then(json(429, "{\"detail\":\"Too many concurrent deep searches\"}", "X-RateLimit-Limit", "500",
        "X-RateLimit-Remaining", "431", "X-RateLimit-Reset", Long.toString(T0.getEpochSecond() + 50)));
    StepVerifier.withVirtualTime(
            () -> api.startDeepSearch(DeepSearchRequest.of("cto").withSearchId("s-1")), () -> clock, 1)
        .expectErrorSatisfies(e -> assertEquals("s-1", slotsBusy(e).searchId()))
        .verify(Duration.ofSeconds(5));
    assertEquals(1, api.budgetState().slotsBusy());
    assertEquals(null, api.budgetState().pausedUntil());
  }

  @Test
  void aMalformedBodyIsADecodeErrorThatIsRetried() {
    Sixtyfour api = client(RetryPolicy.defaults().withJitter(0).withMaxAttempts(2));
    server.then(json(200, "{\"task_id\":\"t-1\",\"sta"))
        .then(json(200, "{\"task_id\":\"t-1\"}"));
    StepVerifier.withVirtualTime(() -> api.searchStatus("t-1"), () -> clock, 1)
        .thenAwait(Duration.ofSeconds(1))
        .expectErrorSatisfies(e -> {
          assertInstanceOf(DecodeException.class, e);
          assertTrue(e.getMessage().contains("'status'"), e.getMessage());
        })
        .verify(Duration.ofSeconds(5));
    assertEquals(2, server.sent().size());
  }

  @Test
  void theApiKeyNeverAppearsInAnErrorEvenWhenTheServerEchoesIt() {
    Sixtyfour api = client(RetryPolicy.none());
    server.then(json(403, "{\"detail\":\"key " + KEY + " may not use tier high\"}"));
    StepVerifier.withVirtualTime(() -> api.jobStatus("j-1"), () -> clock, 1)
        .expectErrorSatisfies(e -> {
          assertFalse(e.getMessage().contains(KEY), e.getMessage());
          assertFalse(e.toString().contains(KEY), e.toString());
        })
        .verify(Duration.ofSeconds(5));
    assertFalse(api.toString().contains(KEY));
    assertEquals(KEY, server.sent().get(0).headers().get("x-api-key"), "the key does go to the API");
  }

  @Test
  void sendsTheStatusPollInTheSlotLaneAtTheVirtualNow() {
    Sixtyfour api = Sixtyfour.builder().apiKey(KEY).transport(server).scheduler(clock).retry(RetryPolicy.none())
        .budget(RequestBudget.local(1, Duration.ofMinutes(1), clock)).build();
    server.otherwise(r -> Mono.just(r.path().endsWith("/t%2F1")
        ? json(200, "{\"task_id\":\"t/1\",\"status\":\"Completed\",\"search_id\":\"s-1\",\"resource_handle_id\":\"rh\"}")
        : json(200, "{\"task_id\":\"e\",\"status\":\"running\"}")));
    api.exportStatus("spends-the-window").subscribe();
    StepVerifier.withVirtualTime(() -> Flux.merge(api.exportStatus("queued-first").map(s -> "bulk"),
            api.searchStatus("t/1").map(s -> "poll of " + s.searchId() + (s.isTerminal() ? ", terminal" : ""))),
            () -> clock, 2)
        .expectSubscription()
        .expectNoEvent(Duration.ofSeconds(59))
        .thenAwait(Duration.ofSeconds(1))
        .expectNext("poll of s-1, terminal")
        .expectNoEvent(Duration.ofSeconds(59))
        .thenAwait(Duration.ofSeconds(1))
        .expectNext("bulk")
        .expectComplete()
        .verify(Duration.ofSeconds(5));
    assertEquals(List.of("/search/status/spends-the-window", "/search/status/t%2F1", "/search/status/queued-first"),
        server.sent().stream().map(ScriptedTransport.Sent::path).collect(Collectors.toList()),
        "the poll, queued after a bulk request, took the window's next request");
    assertEquals(List.of(0L, 60_000L, 120_000L), sentAtMillis(), "each sent at the virtual time the budget allowed");
  }

  /** A 429 meaning every deep-search slot is busy. */
  private static RateLimitedException slotsBusy(Throwable e) {
    RateLimitedException r = assertInstanceOf(RateLimitedException.class, e);
    assertTrue(r.slotsBusy(), e.toString());
    return r;
  }
}

package io.s64.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.RetryPolicy;
import io.s64.Sixtyfour;
import io.s64.batch.Outcome.Failure.Reason;
import io.s64.batch.Outcome.Status;
import io.s64.error.TransportException;
import io.s64.http.HttpTransport;
import io.s64.model.PeopleIntelligenceRequest;
import java.net.ConnectException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Issue 11, defect 5: a people or company intelligence start has no idempotency key, so it is
 * sent again only after an answer that proves nothing was done. After an ambiguous 5xx the server
 * may have started (and billed) the job: the job ends {@code failed} with {@code START_UNCERTAIN},
 * one start sent. On virtual time, over the real client and pipeline, against {@link FakeApi}
 * with the first start's answer replaced.
 */
class UnkeyedStartRegressionTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private static final String START = "/people-intelligence-async";

  private VirtualTimeScheduler clock;
  private FakeApi api;

  @BeforeEach
  void setUp() {
    clock = VirtualTimeScheduler.create();
    clock.advanceTimeTo(T0);
    api = new FakeApi(clock, 5);
  }

  /**
   * FakeApi behind a front that answers the first start itself: after passing it on (the job is
   * created: the server acted) or without passing it on (nothing was done).
   */
  private static final class FirstStartAnswered implements HttpTransport {
    private final FakeApi api;
    private final boolean acted;
    private final Mono<Response> answer;
    final AtomicInteger starts = new AtomicInteger();

    FirstStartAnswered(FakeApi api, boolean acted, Mono<Response> answer) {
      this.api = api;
      this.acted = acted;
      this.answer = answer;
    }

    @Override
    public Mono<Response> exchange(Request request) {
      if (!request.path().equals(START) || starts.getAndIncrement() > 0) {
        return api.exchange(request);
      }
      return acted ? api.exchange(request).then(answer) : answer;
    }

    @Override
    public Flux<ByteBuffer> download(URI url, long offset) {
      return Flux.error(new AssertionError("no downloads here"));
    }

    @Override
    public Mono<Void> close() {
      return Mono.empty();
    }
  }

  private static Mono<HttpTransport.Response> answer(int status, String contentType, String body,
      String... headers) {
    Map<String, String> h = new java.util.HashMap<>();
    h.put("content-type", contentType);
    for (int i = 0; i < headers.length; i += 2) {
      h.put(headers[i], headers[i + 1]);
    }
    return Mono.just(new HttpTransport.Response(status, h, body.getBytes(StandardCharsets.UTF_8)));
  }

  private static Mono<HttpTransport.Response> error5xx(int status) {
    switch (status) {
      case 502:
        return answer(502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>");
      case 504:
        return answer(504, "application/json", "{\"detail\":\"Gateway timeout\"}");
      default:
        return answer(status, "application/json", "{\"detail\":\"Internal server error\"}");
    }
  }

  private Outcome runOnePerson(FirstStartAnswered transport) {
    Sixtyfour client = Sixtyfour.builder().apiKey("sk_test").transport(transport).scheduler(clock)
        .retry(RetryPolicy.defaults().withJitter(0)).build();
    Job job = Job.people("p", PeopleIntelligenceRequest.of(Map.of("name", "Ada 30s", "company", "Acme"))
        .withStruct(Map.of("email", "work email")));
    List<Outcome> out = new ArrayList<>();
    StepVerifier.create(Batch.builder(client).random(() -> 0.0).build()
            .run(Flux.just(job), RowSink.inMemory()))
        .then(() -> clock.advanceTimeBy(Duration.ofMinutes(10)))
        .recordWith(() -> out)
        .thenConsumeWhile(o -> true)
        .expectComplete()
        .verify(Duration.ofSeconds(10));
    assertEquals(1, out.size(), out.toString());
    return out.get(0);
  }

  @ParameterizedTest(name = "HTTP {0} after the job started")
  @ValueSource(ints = {500, 502, 504})
  void anUnkeyedPaidStartIsNotRetriedAfterAnAmbiguous5xx(int status) {
    FirstStartAnswered transport = new FirstStartAnswered(api, true, error5xx(status));
    Outcome o = runOnePerson(transport);
    assertEquals(1, transport.starts.get(), "the start was not sent again");
    assertEquals(1, api.jobs.size(), "one job on the server, billed once");
    assertEquals(Status.FAILED, o.status(), o.toString());
    assertEquals(Reason.START_UNCERTAIN, o.failure().reason(), o.toString());
    assertTrue(o.failure().detail().contains("HTTP " + status), o.failure().detail());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"429 window spent", "503 not configured", "connection refused", "not sent"})
  void anUnkeyedStartIsRetriedAfterAnAnswerThatProvesNothingWasDone(String what) {
    Mono<HttpTransport.Response> nothingDone;
    switch (what) {
      case "429 window spent":
        nothingDone = answer(429, "application/json", "{\"detail\":\"Rate limit exceeded\"}",
            "retry-after", "5");
        break;
      case "503 not configured":
        nothingDone = answer(503, "application/json",
            "{\"detail\":\"Company search backend endpoint is not configured\"}");
        break;
      case "connection refused":
        nothingDone = Mono.error(new TransportException("POST " + START + ": connection refused", false,
            new ConnectException("Connection refused")));
        break;
      default:
        nothingDone = Mono.error(new HttpTransport.NotSent());
    }
    FirstStartAnswered transport = new FirstStartAnswered(api, false, nothingDone);
    Outcome o = runOnePerson(transport);
    assertEquals(Status.COMPLETED, o.status(), o.toString());
    assertEquals(2, transport.starts.get(), "sent again once");
    assertEquals(1, api.jobs.size(), "one job on the server");
  }
}

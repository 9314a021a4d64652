package io.s64.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.RetryPolicy;
import io.s64.Sixtyfour;
import io.s64.error.ApiException;
import io.s64.error.DecodeException;
import io.s64.error.TransportException;
import io.s64.model.QueryRequest;
import io.s64.model.SearchStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Each way a server can misbehave yields a typed error or a sane retry: never a hang or a crash. */
class HostileServerTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String STATUS_OK =
      "{\"task_id\":\"t\",\"status\":\"running\",\"start_time\":\"2026-11-22T10:00:00Z\"}";

  private HostileServer server;
  private Sixtyfour api;

  private Sixtyfour client(Function<Integer, HostileServer.Answer> script, int attempts) {
    server = new HostileServer(script);
    api = Sixtyfour.builder().apiKey("sk_hostile").baseUrl(server.baseUrl())
        .responseTimeout(Duration.ofMillis(500))
        .retry(RetryPolicy.defaults().withMaxAttempts(attempts).withBackoff(Duration.ofMillis(5), Duration.ofMillis(10)))
        .build();
    return api;
  }

  @AfterEach
  void close() {
    if (api != null) {
      api.close().block(WAIT);
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void anHtmlErrorPageIsRetriedThenReportedAsTextWithoutMarkup() {
    String html = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";
    client(n -> HostileServer.Answer.of(502, html, "Content-Type", "text/html"), 3);
    StepVerifier.create(api.searchStatus("t"))
        .expectErrorSatisfies(e -> {
          ApiException a = assertInstanceOf(ApiException.class, e);
          assertEquals(502, a.status());
          assertFalse(a.detail().contains("<"), a.detail());
          assertTrue(a.detail().contains("502 Bad Gateway"), a.detail());
        })
        .verify(WAIT);
    assertEquals(3, server.requests.get());
  }

  @Test
  void truncatedJsonIsADecodeErrorThatIsRetried() {
    client(n -> n < 2 ? HostileServer.Answer.of(200, "{\"task_id\":\"t\",\"stat") : HostileServer.Answer.of(200, STATUS_OK), 5);
    StepVerifier.create(api.searchStatus("t"))
        .assertNext(s -> assertEquals(SearchStatus.State.RUNNING, s.state()))
        .expectComplete()
        .verify(WAIT);
    assertEquals(3, server.requests.get());
  }

  @Test
  void unknownFieldsAreIgnoredAndStatusStringsReadInAnyCase() {
    client(n -> HostileServer.Answer.of(200, "{\"task_id\":\"t\",\"status\":\"COMPLETED\",\"brand_new_field\":{\"x\":[1,2]},"
        + "\"search_id\":\"s\",\"total_results\":\"12\"}"), 1);
    StepVerifier.create(api.searchStatus("t"))
        .assertNext(s -> {
          assertEquals(SearchStatus.State.COMPLETED, s.state());
          assertEquals("COMPLETED", s.status());
          assertEquals(12L, s.totalResults());
        })
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void a200MissingARequiredFieldIsADecodeErrorNamingTheField() {
    client(n -> HostileServer.Answer.of(200, "{\"search_id\":\"s\",\"results\":[]}"), 2);
    StepVerifier.create(api.query(QueryRequest.searchId("s")))
        .expectErrorSatisfies(e -> {
          assertInstanceOf(DecodeException.class, e);
          assertTrue(e.getMessage().contains("'total_results'"), e.getMessage());
        })
        .verify(WAIT);
    assertEquals(2, server.requests.get(), "retried once, as a transient server error");
  }

  @Test
  void missingOrGarbageRateHeadersLeaveTheLocalBudgetInCharge() {
    client(n -> n % 2 == 0
        ? HostileServer.Answer.of(200, STATUS_OK)
        : HostileServer.Answer.of(200, STATUS_OK, "X-RateLimit-Remaining", "lots", "X-RateLimit-Reset", "soon",
            "X-RateLimit-Limit", "-3"), 1);
    List<SearchStatus> all = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      all.add(api.searchStatus("t").block(WAIT));
    }
    assertEquals(6, all.size());
    assertNull(api.budgetState().serverRemaining());
    assertNull(api.budgetState().pausedUntil());
    assertEquals(494, api.budgetState().available());
  }

  @Test
  void retryAfterAsAnHttpDateIsWaitedOut() {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.now().plusSeconds(2).atZone(ZoneOffset.UTC));
    client(n -> n == 0 ? HostileServer.Answer.of(429, "{\"detail\":\"Rate limit exceeded\"}", "Retry-After", date)
        : HostileServer.Answer.of(200, STATUS_OK), 1);
    long started = System.nanoTime();
    StepVerifier.create(api.searchStatus("t")).expectNextCount(1).expectComplete().verify(WAIT);
    long waitedMs = (System.nanoTime() - started) / 1_000_000;
    assertTrue(waitedMs >= 900, "waited for the date (1-2 s given second precision), not " + waitedMs + " ms");
    assertEquals(1, api.budgetState().rateLimited());
  }

  @Test
  void aServerThatAcceptsAndNeverAnswersTimesOutAndIsRetriedNeverHangs() {
    client(n -> HostileServer.Answer.silence(), 3);
    StepVerifier.create(api.searchStatus("t"))
        .expectErrorSatisfies(e -> assertTrue(assertInstanceOf(TransportException.class, e).isTimeout()))
        .verify(WAIT);
    assertEquals(3, server.requests.get());
  }

  @Test
  void aSocketThatAcceptsAndNeverSpeaksHttpTimesOutToo() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> held = new ArrayList<>();
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            held.add(socket.accept());
          }
        } catch (IOException closed) {
          // the test is over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      Sixtyfour silent = Sixtyfour.builder().apiKey("sk_hostile")
          .baseUrl("http://127.0.0.1:" + socket.getLocalPort())
          .responseTimeout(Duration.ofMillis(300))
          .retry(RetryPolicy.defaults().withMaxAttempts(2).withBackoff(Duration.ofMillis(5), Duration.ofMillis(5)))
          .build();
      StepVerifier.create(silent.searchStatus("t"))
          .expectError(TransportException.class)
          .verify(WAIT);
      silent.close().block(WAIT);
    }
  }
}

package io.s64.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.s64.Sixtyfour;
import io.s64.limits.RequestBudget;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A rate 429 pauses the key the moment its status line and headers are read, before its body: a
 * request that other threads are about to write asks the budget at the wire, and must hear of the
 * pause without waiting for the 429 to make its way to its caller. The server here sends the head
 * of a 429 and holds its body back; the key must be paused all the same, and a second call must
 * not be sent.
 */
class PauseOnThe429HeadTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void aRate429PausesTheKeyBeforeItsBodyArrives() {
    long reset = Instant.now().plusSeconds(60).getEpochSecond();
    AtomicInteger requests = new AtomicInteger();
    DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
        .handle((req, res) -> {
          requests.incrementAndGet();
          return req.receive().then(res.status(HttpResponseStatus.TOO_MANY_REQUESTS)
              .header("X-RateLimit-Limit", "500")
              .header("X-RateLimit-Remaining", "0")
              .header("X-RateLimit-Reset", Long.toString(reset))
              .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
              .header(HttpHeaderNames.CONTENT_LENGTH, "100")
              .sendHeaders()
              .then()
              .then(Mono.never())); // the body never comes
        })
        .bindNow();
    Sixtyfour api = Sixtyfour.builder().apiKey("sk_pause_on_head").baseUrl("http://127.0.0.1:"
        + server.port()).responseTimeout(Duration.ofSeconds(30)).build();
    Disposable first = api.searchStatus("t-1").subscribe(s -> { }, e -> { });
    try {
      Instant pausedUntil = Flux.interval(Duration.ofMillis(5))
          .map(i -> api.budgetState())
          .filter(state -> state.pausedUntil() != null)
          .map(RequestBudget.State::pausedUntil)
          .blockFirst(WAIT);
      assertNotNull(pausedUntil);
      assertEquals(reset, pausedUntil.getEpochSecond(), "paused until the announced reset");
      assertEquals(1, api.budgetState().inFlight(), "the 429's body is still on its way");
      Disposable second = api.searchStatus("t-2").subscribe(s -> { }, e -> { });
      assertEquals(1, api.budgetState().waitingSlot(), "the next call waits for the reset");
      assertEquals(1, requests.get(), "nothing more was sent");
      second.dispose();
    } finally {
      first.dispose();
      api.close().block(WAIT);
      server.disposeNow();
    }
  }
}

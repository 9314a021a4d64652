package io.s64.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A webhook receiver for tests: a Reactor Netty server on a free port that records every delivery
 * (headers and the exact body bytes) and answers the n-th one (0-based) as {@code answer} says: a
 * status, or never ({@code Mono.never()}).
 */
final class WebhookReceiver implements AutoCloseable {
  /** One received request. */
  record Delivery(HttpHeaders headers, byte[] body) {
    @Nullable String header(String name) {
      return headers.get(name);
    }

    JsonNode json() {
      try {
        return Api.JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private final AtomicInteger arrived = new AtomicInteger();
  private final DisposableServer server;

  private WebhookReceiver(IntFunction<Mono<Integer>> answer) {
    this.server = HttpServer.create()
        .host("127.0.0.1")
        .port(0)
        .handle((request, response) -> request.receive().aggregate().asByteArray()
            .defaultIfEmpty(new byte[0])
            .flatMap(body -> {
              int n = arrived.getAndIncrement();
              deliveries.add(new Delivery(request.requestHeaders().copy(), body));
              return answer.apply(n);
            })
            .flatMap(status -> response.status(status).sendString(Mono.just("ok")).then()))
        .bindNow(Duration.ofSeconds(10));
  }

  /** Answers the n-th delivery with {@code statuses[n]}, or the last status once they run out. */
  static WebhookReceiver answering(int... statuses) {
    return new WebhookReceiver(n -> Mono.just(statuses[Math.min(n, statuses.length - 1)]));
  }

  /** Reads every delivery and never answers. */
  static WebhookReceiver silent() {
    return new WebhookReceiver(n -> Mono.never());
  }

  static WebhookReceiver answeringWith(IntFunction<Mono<Integer>> answer) {
    return new WebhookReceiver(answer);
  }

  String url() {
    return "http://127.0.0.1:" + server.port() + "/hooks/s64";
  }

  List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  @Override
  public void close() {
    server.disposeNow(Duration.ofSeconds(5));
  }
}

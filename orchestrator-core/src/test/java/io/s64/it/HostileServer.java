package io.s64.it;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;

/**
 * A tiny HTTP server for what the emulator will not do: answer each request with whatever the
 * test scripts, however broken. Records the paths it saw.
 */
final class HostileServer implements AutoCloseable {
  /** One scripted answer. */
  record Answer(int status, Map<String, String> headers, String body, boolean never) {
    static Answer of(int status, String body, String... headers) {
      Map<String, String> h = new java.util.LinkedHashMap<>();
      for (int i = 0; i < headers.length; i += 2) {
        h.put(headers[i], headers[i + 1]);
      }
      return new Answer(status, h, body, false);
    }

    static Answer silence() {
      return new Answer(0, Map.of(), "", true);
    }
  }

  private final DisposableServer server;
  final ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
  final AtomicInteger requests = new AtomicInteger();

  HostileServer(Function<Integer, Answer> script) {
    this.server = HttpServer.create().host("127.0.0.1").port(0)
        .handle((req, res) -> {
          int n = requests.getAndIncrement();
          seen.add(req.method() + " " + req.uri());
          Answer a = script.apply(n);
          return drain(req).then(Mono.defer(() -> {
            if (a.never()) {
              return Mono.never();
            }
            a.headers().forEach(res::header);
            return res.status(HttpResponseStatus.valueOf(a.status()))
                .sendString(Mono.just(a.body()), StandardCharsets.UTF_8).then();
          }));
        })
        .bindNow();
  }

  private static Mono<Void> drain(HttpServerRequest req) {
    return req.receive().then();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  @Override
  public void close() {
    server.disposeNow();
  }
}

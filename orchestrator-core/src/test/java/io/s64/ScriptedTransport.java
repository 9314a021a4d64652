package io.s64;

import io.s64.http.HttpTransport;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * A transport for unit tests on virtual time: answers from a script, in order, and records each
 * request with the (virtual) time it was sent. Not a mock: it plays a server's part over the real
 * client code.
 */
final class ScriptedTransport implements HttpTransport {
  /** A request as the server would have seen it. */
  record Sent(long atMillis, String method, String path, Map<String, String> headers, String body) {}

  private final Scheduler clock;
  private final Deque<Function<Request, Mono<Response>>> script = new ArrayDeque<>();
  private final List<Sent> sent = new ArrayList<>();
  private Function<Request, Mono<Response>> fallback =
      r -> Mono.error(new AssertionError("unscripted request " + r));

  ScriptedTransport(Scheduler clock) {
    this.clock = clock;
  }

  static Response json(int status, String body, String... headers) {
    Map<String, String> h = new java.util.HashMap<>();
    for (int i = 0; i < headers.length; i += 2) {
      h.put(headers[i].toLowerCase(java.util.Locale.ROOT), headers[i + 1]);
    }
    return new Response(status, h, body.getBytes(StandardCharsets.UTF_8));
  }

  synchronized ScriptedTransport then(Response r) {
    script.add(req -> Mono.just(r));
    return this;
  }

  synchronized ScriptedTransport thenFail(RuntimeException e) {
    script.add(req -> Mono.error(e));
    return this;
  }

  synchronized ScriptedTransport thenAnswer(Function<Request, Mono<Response>> answer) {
    script.add(answer);
    return this;
  }

  synchronized ScriptedTransport otherwise(Function<Request, Mono<Response>> answer) {
    this.fallback = answer;
    return this;
  }

  synchronized List<Sent> sent() {
    return List.copyOf(sent);
  }

  @Override
  public Mono<Response> exchange(Request request) {
    return Mono.defer(() -> {
      Function<Request, Mono<Response>> next;
      synchronized (this) {
        sent.add(new Sent(clock.now(TimeUnit.MILLISECONDS), request.method(), request.path(),
            request.headers(), request.body() == null ? "" : new String(request.body(), StandardCharsets.UTF_8)));
        next = script.isEmpty() ? fallback : script.poll();
      }
      return next.apply(request);
    });
  }

  @Override
  public Flux<ByteBuffer> download(URI url, long offset) {
    return Flux.error(new AssertionError("no downloads scripted"));
  }

  @Override
  public Mono<Void> close() {
    return Mono.empty();
  }
}

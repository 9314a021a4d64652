package io.s64.runner.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.s64.webhook.WebhookVerifier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Receives Sixtyfour webhook deliveries by POST at any path: verifies {@code
 * Sixtyfour-Signature} over the raw body (unless running unsigned), stores each new event in the
 * {@link EventLog} durably, then answers 200 — also for a repeated {@code Sixtyfour-Event-Id}
 * (stored once) and for task ids it never heard of, as the docs ask. Answers 401 to a delivery
 * whose signature does not verify, 400 to one without an event id or with a body that is not a
 * JSON object, 413 to a body over the limit, 405 to anything but POST. Each answer is a JSON
 * {@code {"status"|"detail": ...}}. Non-blocking: disk writes run on {@code boundedElastic}.
 */
public final class WebhookReceiver implements AutoCloseable {
  private final @Nullable WebhookVerifier verifier;
  private final EventLog log;
  private final int maxBody;
  private final DisposableServer server;

  public WebhookReceiver(String host, int port, @Nullable WebhookVerifier verifier, EventLog log, int maxBody) {
    this.verifier = verifier;
    this.log = log;
    this.maxBody = maxBody;
    this.server = HttpServer.create().host(host).port(port).handle(this::handle).bindNow();
  }

  public String url() {
    return "http://" + server.host() + ":" + server.port();
  }

  private Mono<Void> handle(HttpServerRequest req, HttpServerResponse res) {
    if (!req.method().equals(HttpMethod.POST)) {
      return req.receive().then(answer(res, 405, "detail", "only POST is accepted"));
    }
    return req.receive().asByteArray()
        .reduceWith(ByteArrayOutputStream::new, (out, chunk) -> {
          if (out.size() + chunk.length > maxBody) {
            throw new TooLarge();
          }
          out.writeBytes(chunk);
          return out;
        })
        .map(ByteArrayOutputStream::toByteArray)
        .flatMap(body -> deliver(req, res, body))
        .onErrorResume(TooLarge.class,
            e -> answer(res, 413, "detail", "body larger than " + maxBody + " bytes"));
  }

  private static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super(null, null, false, false);
    }
  }

  private Mono<Void> deliver(HttpServerRequest req, HttpServerResponse res, byte[] body) {
    Long signedAt = null;
    if (verifier != null) {
      WebhookVerifier.Verification v = verifier.verify(req.requestHeaders().get("Sixtyfour-Signature"), body);
      if (!v.valid()) {
        return answer(res, 401, "detail", v.reason());
      }
      signedAt = v.timestamp();
    }
    String eventId = req.requestHeaders().get("Sixtyfour-Event-Id");
    if (eventId == null || eventId.isBlank()) {
      return answer(res, 400, "detail", "missing Sixtyfour-Event-Id header");
    }
    JsonNode json;
    try {
      json = EventLog.MAPPER.readTree(body);
    } catch (IOException e) {
      json = null;
    }
    if (json == null || !json.isObject()) {
      return answer(res, 400, "detail", "the body is not a JSON object");
    }
    if (log.contains(eventId)) {
      return answer(res, 200, "status", "duplicate");
    }
    String type = req.requestHeaders().get("Sixtyfour-Event-Type");
    String attempt = req.requestHeaders().get("Sixtyfour-Delivery-Attempt");
    JsonNode event = json;
    Long t = signedAt;
    return Mono.fromCallable(() -> log.append(eventId, type, attempt, t, event))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(stored -> answer(res, 200, "status", stored ? "stored" : "duplicate"))
        .onErrorResume(e -> answer(res, 500, "detail", "could not store the event"));
  }

  private static Mono<Void> answer(HttpServerResponse res, int status, String field, String text) {
    byte[] json;
    try {
      json = EventLog.MAPPER.writeValueAsBytes(Map.of(field, text));
    } catch (IOException e) {
      json = "{}".getBytes(StandardCharsets.UTF_8);
    }
    return res.status(HttpResponseStatus.valueOf(status))
        .header("Content-Type", "application/json")
        .sendByteArray(Mono.just(json)).then();
  }

  @Override
  public void close() {
    server.disposeNow();
  }
}

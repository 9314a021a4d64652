package io.s64.emulator.http;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.s64.emulator.EmulatorStats;
import io.s64.emulator.SearchRecord;
import io.s64.emulator.WebhookRecord;
import io.s64.emulator.internal.Json;
import io.s64.emulator.limits.PauseLedger;
import io.s64.emulator.stats.StatsJson;
import io.s64.emulator.stats.StatsRecorder;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The Reactor Netty handler: reads the whole request body first (every body is consumed), matches
 * the route (404 for an unknown path, 405 for a known path with another method), then hands API
 * routes to the {@link ApiGate} and answers storage and introspection routes itself. The body is
 * read on the event loop; the rest runs on the {@code work} scheduler, so that the event loops only
 * read and write and the {@link WireStamps} of requests are true. Never blocks; an unexpected
 * exception becomes a 500, never a dropped request.
 */
public final class HttpFront
    implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {
  private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);
  private static final byte[] EMPTY = new byte[0];

  /** What the introspection routes need from the emulator. */
  public interface Introspection {
    EmulatorStats stats();

    List<SearchRecord> searches();

    List<WebhookRecord> webhooks();

    void reset();
  }

  private final InstantSource clock;
  private final ApiGate gate;
  private final FileEndpoint storage;
  private final ResponseWriter writer;
  private final StatsRecorder stats;
  private final Introspection introspection;
  private final Supplier<String> baseUrl;
  private final Scheduler work;

  public HttpFront(InstantSource clock, ApiGate gate, FileEndpoint storage, ResponseWriter writer,
      StatsRecorder stats, Introspection introspection, Supplier<String> baseUrl, Scheduler work) {
    this.clock = clock;
    this.work = work;
    this.gate = gate;
    this.storage = storage;
    this.writer = writer;
    this.stats = stats;
    this.introspection = introspection;
    this.baseUrl = baseUrl;
  }

  /** Installs the {@link WireStamps} on a new connection (its HTTP codec in place). */
  public void stampArrivals(Channel channel) {
    WireStamps.install(channel, clock);
  }

  @Override
  public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
    Object[] connection = new Object[1];
    request.withConnection(c -> connection[0] = c.channel().id());
    PauseLedger.Arrival arrival = WireStamps.arrival(request.requestHeaders(),
        connection[0] == null ? request : connection[0], clock);
    return request.receive().aggregate().asByteArray()
        .defaultIfEmpty(EMPTY)
        .publishOn(work)
        .flatMap(body -> dispatch(request, response, body, arrival))
        .onErrorResume(e -> {
          LOG.warn("emulator failed on {} {}", request.method(), request.uri(), e);
          return response.hasSentHeaders()
              ? Mono.empty()
              : writer.send(response, ApiResponse.detail(500, "Internal server error"));
        });
  }

  private Mono<Void> dispatch(HttpServerRequest request, HttpServerResponse response, byte[] body,
      PauseLedger.Arrival arrival) {
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    String path = uri.path();
    String method = request.method().name();
    Route route = null;
    String param = null;
    List<String> allowed = new ArrayList<>();
    for (Route candidate : Route.values()) {
      String match = candidate.match(path);
      if (match != null) {
        if (!allowed.contains(candidate.method())) {
          allowed.add(candidate.method());
        }
        if (candidate.method().equals(method) && route == null) {
          route = candidate;
          param = match;
        }
      }
    }
    if (route == null || param == null) {
      stats.request("unmatched");
      return allowed.isEmpty()
          ? writer.send(response, ApiResponse.detail(404, "Not Found"))
          : writer.send(response, ApiResponse.detail(405, "Method Not Allowed")
              .withHeader("Allow", String.join(", ", allowed)));
    }
    String host = request.requestHeaders().get(HttpHeaderNames.HOST);
    Exchange exchange = new Exchange(route, param, uri.parameters(), request.requestHeaders(), body,
        clock.instant(), host == null || host.isBlank() ? baseUrl.get() : "http://" + host,
        arrival);
    if (route.api()) {
      stats.request(route.endpoint());
      return gate.handle(exchange, response);
    }
    switch (route) {
      case STORAGE:
        stats.request(route.endpoint());
        FileEndpoint.Reply reply = storage.handle(exchange);
        return reply.cut()
            ? writer.sendCut(response, reply.response())
            : writer.send(response, reply.response());
      case STATS:
        return writer.sendUncounted(response,
            ApiResponse.json(200, StatsJson.stats(introspection.stats())));
      case SEARCHES:
        return writer.sendUncounted(response,
            ApiResponse.json(200, StatsJson.searches(introspection.searches())));
      case WEBHOOKS:
        return writer.sendUncounted(response,
            ApiResponse.json(200, StatsJson.webhooks(introspection.webhooks())));
      default:
        introspection.reset();
        return writer.sendUncounted(response,
            ApiResponse.json(200, Json.object().put("reset", true)));
    }
  }
}

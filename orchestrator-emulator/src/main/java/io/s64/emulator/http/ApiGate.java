package io.s64.emulator.http;

import io.s64.emulator.EmulatorConfig;
import io.s64.emulator.FaultKind;
import io.s64.emulator.limits.FaultPlan;
import io.s64.emulator.limits.PauseLedger;
import io.s64.emulator.limits.RateWindows;
import io.s64.emulator.stats.StatsRecorder;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The way into every API endpoint, in the contract's order: authentication ({@code x-api-key}),
 * the per-key rate limiter, the fault draw, then the endpoint itself (which validates, checks
 * idempotency and slots). Every response to a valid key carries the rate-limit headers. Each
 * request of a valid key is judged against the key's rate pause ({@link PauseLedger}), and each
 * rate 429 is entered in the ledger once it is written.
 */
public final class ApiGate {
  static final String BAD_GATEWAY_HTML = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n"
      + "<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
      + "</body>\r\n</html>\r\n";

  private final EmulatorConfig config;
  private final Set<String> keys;
  private final RateWindows rate;
  private final PauseLedger pauses;
  private final FaultPlan faults;
  private final StatsRecorder stats;
  private final ResponseWriter writer;
  private final Map<Route, Endpoint> endpoints;

  public ApiGate(EmulatorConfig config, RateWindows rate, PauseLedger pauses, FaultPlan faults,
      StatsRecorder stats, ResponseWriter writer, Map<Route, Endpoint> endpoints) {
    for (Route route : Route.values()) {
      if (route.api() && !endpoints.containsKey(route)) {
        throw new IllegalArgumentException("no endpoint for API route " + route);
      }
    }
    this.config = config;
    this.keys = config.apiKeys();
    this.rate = rate;
    this.pauses = pauses;
    this.faults = faults;
    this.stats = stats;
    this.writer = writer;
    this.endpoints = new EnumMap<>(endpoints);
  }

  /** A request's own label, kept with it when it arrives during a pause (see {@link PauseLedger}). */
  static final String TRACE = "x-s64-trace";

  private static @Nullable String trace(@Nullable String value) {
    return value == null || value.length() <= 64 ? value : value.substring(0, 64);
  }

  Mono<Void> handle(Exchange exchange, HttpServerResponse out) {
    String key = exchange.header("x-api-key");
    if (!accepts(key)) {
      stats.unauthorized();
      return writer.send(out, ApiResponse.detail(401, "Invalid API key"));
    }
    stats.pause(pauses.judge(key, exchange.arrival(), trace(exchange.header(TRACE))));
    RateWindows.Decision decision = rate.acquire(key, exchange.now());
    stats.rate(decision);
    Map<String, String> headers = decision.headers(config.retryAfter());
    if (!decision.allowed()) {
      return rateLimited(out, key, exchange, decision);
    }
    FaultKind fault = faults.draw(
        exchange.route() == Route.START || exchange.route() == Route.WORKFLOW_RUN);
    if (fault != null) {
      stats.fault(fault);
      if (fault == FaultKind.WINDOW_EXHAUSTED) {
        return rateLimited(out, key, exchange, rate.exhaust(key, exchange.now()));
      }
      ApiResponse failure = failure(fault);
      if (failure != null) {
        return writer.send(out, failure.withHeaders(headers));
      }
      if (fault == FaultKind.CONNECTION_RESET) {
        return writer.reset(out);
      }
    }
    ApiResponse response = endpoints.get(exchange.route()).handle(exchange).withHeaders(headers);
    if (fault == FaultKind.SLOW_RESPONSE) {
      return writer.sendLater(out, response, config.slowResponseDelay());
    }
    if (fault == FaultKind.LOST_START) {
      return writer.reset(out);
    }
    if (fault == FaultKind.HTTP_500_AFTER_PROCESSING) {
      return writer.send(out, ApiResponse.detail(500, "Internal server error").withHeaders(headers));
    }
    return writer.send(out, response);
  }

  /**
   * A rate 429: the key is paused until the window's end, from the moment the 429 is written
   * (entered in the ledger on the event loop before its bytes leave, so before any request the
   * client sends after reading it can be judged).
   */
  private Mono<Void> rateLimited(HttpServerResponse out, String key, Exchange exchange,
      RateWindows.Decision decision) {
    long pause = pauses.pause(key, exchange.now().toEpochMilli(), decision.windowEndMillis());
    Object connection = exchange.arrival().connection();
    WireStamps.whenWritten(out, nanos -> pauses.written(key, pause, connection, nanos));
    return writer.send(out, ApiResponse.detail(429, "Rate limit exceeded")
        .withHeaders(decision.headers(config.retryAfter())));
  }

  private boolean accepts(@Nullable String key) {
    return key != null && !key.isBlank() && (keys.isEmpty() || keys.contains(key));
  }

  /** The response of a fault that answers without processing, or null for the other kinds. */
  private static @Nullable ApiResponse failure(FaultKind fault) {
    switch (fault) {
      case HTTP_500:
        return ApiResponse.detail(500, "Internal server error");
      case HTTP_502_HTML:
        return ApiResponse.text(502, "text/html", BAD_GATEWAY_HTML);
      case HTTP_503:
        return ApiResponse.detail(503, "Company search backend endpoint is not configured");
      default:
        return null;
    }
  }
}

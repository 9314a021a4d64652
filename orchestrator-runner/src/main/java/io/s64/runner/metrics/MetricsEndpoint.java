package io.s64.runner.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Serves a Prometheus registry's meters as text on {@code http://127.0.0.1:PORT/metrics} while a
 * command runs ({@code --metrics-port}). Bound to loopback only: the meters say how a paid run
 * goes, which is nobody else's business; put a proxy in front to expose them. A command gives
 * {@link #registry()} to its client and batch, and {@link #close()}s the endpoint when it ends.
 */
public final class MetricsEndpoint implements AutoCloseable {
  /** Prometheus' text exposition format. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);

  private final PrometheusMeterRegistry registry;
  private final DisposableServer server;

  private MetricsEndpoint(PrometheusMeterRegistry registry, DisposableServer server) {
    this.registry = registry;
    this.server = server;
  }

  /**
   * Binds {@code 127.0.0.1:port} ({@code 0} picks a free port) and starts serving.
   *
   * @throws IllegalStateException naming the port when it cannot be bound
   */
  public static MetricsEndpoint start(int port) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try {
      DisposableServer server = HttpServer.create()
          .host("127.0.0.1")
          .port(port)
          .route(routes -> routes.get("/metrics", (request, response) -> response
              .header("content-type", CONTENT_TYPE)
              .sendString(Mono.fromCallable(registry::scrape))))
          .bindNow(BIND_TIMEOUT);
      return new MetricsEndpoint(registry, server);
    } catch (RuntimeException e) {
      registry.close();
      throw new IllegalStateException("--metrics-port " + port + ": cannot listen on 127.0.0.1:"
          + port + " (" + e.getMessage() + ")", e);
    }
  }

  /** Where the meters are served, {@code http://127.0.0.1:PORT/metrics}. */
  public String url() {
    return "http://127.0.0.1:" + server.port() + "/metrics";
  }

  /** The registry to give the client and the batch. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Stops serving and closes the registry. */
  @Override
  public void close() {
    server.disposeNow(BIND_TIMEOUT);
    registry.close();
  }
}

package io.s64.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.s64.limits.RequestBudget;
import io.s64.limits.SearchSlots;
import java.time.Duration;
import java.util.Locale;

/**
 * The client's meters in a Micrometer registry. The only class of the client that names
 * Micrometer types; it is loaded only when the application gives the client a registry.
 *
 * <p>Tags are few and bounded: an operation (the method and the path up to its first parameter),
 * a status class, a lane, a kind of 429. Never the API key, a query, an id or a URL.
 */
public final class MicrometerClientMeters implements ClientMeters {
  private final MeterRegistry registry;
  private final Counter rateLimited;
  private final Counter slotsBusy;
  private final Timer pages;

  private MicrometerClientMeters(MeterRegistry registry) {
    this.registry = registry;
    this.rateLimited = tooManyRequests("rate");
    this.slotsBusy = tooManyRequests("slots");
    this.pages = Timer.builder("s64.client.page.latency")
        .description("From asking for a result page to having it, budget wait and retries included")
        .publishPercentiles(0.5, 0.9, 0.99)
        .publishPercentileHistogram()
        .register(registry);
  }

  /**
   * Registers the client's meters, its budget's and its slots' gauges included.
   *
   * @param registry a {@code MeterRegistry}, typed {@code Object} so that callers need not load
   *     Micrometer's classes
   * @param slots the client's slots, counted by a {@link PeakSlots} for the peak gauge
   */
  public static ClientMeters register(Object registry, RequestBudget budget, PeakSlots slots) {
    MeterRegistry r = (MeterRegistry) registry;
    Gauge.builder("s64.budget.available", budget, b -> b.state().available())
        .description("Requests the key's budget could send right now").register(r);
    Gauge.builder("s64.budget.in.flight", budget, b -> b.state().inFlight())
        .description("Requests sent and not yet answered").register(r);
    for (RequestBudget.Lane lane : RequestBudget.Lane.values()) {
      Gauge.builder("s64.budget.waiting", budget, b -> waiting(b.state(), lane))
          .description("Requests waiting for the budget, by lane")
          .tag("lane", lane.name().toLowerCase(Locale.ROOT)).register(r);
    }
    Gauge.builder("s64.slots.in.use", slots, SearchSlots::inUse)
        .description("Deep-search slots held (started, terminal status not yet seen)").register(r);
    Gauge.builder("s64.slots.waiting", slots, SearchSlots::waiting)
        .description("Deep searches waiting for a slot").register(r);
    Gauge.builder("s64.slots.capacity", slots, SearchSlots::capacity)
        .description("Deep-search slots in all").register(r);
    Gauge.builder("s64.slots.peak", slots, PeakSlots::peak)
        .description("Most slots held at once since the client was built").register(r);
    return new MicrometerClientMeters(r);
  }

  private static double waiting(RequestBudget.State s, RequestBudget.Lane lane) {
    switch (lane) {
      case SLOT:
        return s.waitingSlot();
      case CONTINUATION:
        return s.waitingContinuation();
      default:
        return s.waitingBulk();
    }
  }

  private Counter tooManyRequests(String kind) {
    return Counter.builder("s64.client.too.many.requests")
        .description("429 answers: rate (the window was spent) or slots (every deep-search slot was busy)")
        .tag("kind", kind)
        .register(registry);
  }

  @Override
  public void response(Endpoint<?> endpoint, int status, Duration time) {
    requests(endpoint, (status / 100) + "xx", outcome(status)).record(time);
  }

  @Override
  public void noResponse(Endpoint<?> endpoint, Duration time) {
    requests(endpoint, "NONE", "UNKNOWN").record(time);
  }

  private Timer requests(Endpoint<?> endpoint, String status, String outcome) {
    return Timer.builder("s64.client.requests")
        .description("API requests sent, by operation and the status class of the answer")
        .tag("operation", endpoint.name())
        .tag("status", status)
        .tag("outcome", outcome)
        .register(registry);
  }

  private static String outcome(int status) {
    if (status >= 200 && status < 300) {
      return "SUCCESS";
    }
    if (status >= 400 && status < 500) {
      return "CLIENT_ERROR";
    }
    return status >= 500 && status < 600 ? "SERVER_ERROR" : "UNKNOWN";
  }

  @Override
  public void tooManyRequests(boolean slotsBusy) {
    (slotsBusy ? this.slotsBusy : rateLimited).increment();
  }

  @Override
  public void retry(Endpoint<?> endpoint, boolean afterRateLimit) {
    Counter.builder("s64.client.retries")
        .description("Requests sent again, after a rate-limit wait or a transient failure")
        .tag("operation", endpoint.name())
        .tag("cause", afterRateLimit ? "rate_limit" : "transient")
        .register(registry)
        .increment();
  }

  @Override
  public void page(Duration time) {
    pages.record(time);
  }
}

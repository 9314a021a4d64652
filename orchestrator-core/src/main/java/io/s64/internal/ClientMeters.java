package io.s64.internal;

import java.time.Duration;

/**
 * What the client reports for its meters. Free of Micrometer types, so that the client loads and
 * runs without Micrometer on the class path: {@link #NONE} when no registry was given, {@link
 * MicrometerClientMeters} (loaded only then) when one was.
 */
public interface ClientMeters {
  /** Records nothing. */
  ClientMeters NONE = new ClientMeters() {};

  /** The server answered a request of {@code endpoint} with {@code status} after {@code time}. */
  default void response(Endpoint<?> endpoint, int status, Duration time) {}

  /** A request of {@code endpoint} got no answer (connection error, timeout, cancel). */
  default void noResponse(Endpoint<?> endpoint, Duration time) {}

  /** A 429: the window was spent, or ({@code slotsBusy}) every deep-search slot was busy. */
  default void tooManyRequests(boolean slotsBusy) {}

  /** A call of {@code endpoint} goes again, after a rate-limit wait or a transient failure. */
  default void retry(Endpoint<?> endpoint, boolean afterRateLimit) {}

  /** A result page arrived {@code time} after it was asked for (budget wait and retries included). */
  default void page(Duration time) {}
}

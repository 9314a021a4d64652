package io.s64.emulator;

import java.util.EnumSet;
import java.util.Set;

/**
 * The faults the emulator can inject into API endpoints (never into {@code /_emulator/*} or into
 * storage file URLs).
 *
 * <p>One fault is drawn per authenticated request that passed the rate limiter, from one seeded
 * random stream, so a given seed and request sequence always produce the same faults.
 */
public enum FaultKind {
  /** 500 {@code {"detail":"Internal server error"}}; the request is not processed. */
  HTTP_500,
  /** 502 with an nginx-like HTML page ({@code text/html}); the request is not processed. */
  HTTP_502_HTML,
  /** 503 with a JSON {@code detail}; the request is not processed. */
  HTTP_503,
  /** The connection is reset (TCP RST) without a response; the request is not processed. */
  CONNECTION_RESET,
  /** The request is processed and its response is sent after the configured slow delay. */
  SLOW_RESPONSE,
  /**
   * Idempotent starts only (start-deep-search, whose {@code search_id} makes a retry safe, and
   * {@code /workflows/run}, whose {@code Idempotency-Key} does): the start is processed (the search
   * exists and holds a slot; the run is started), then the connection is reset without a response.
   * On other endpoints its share becomes {@link #CONNECTION_RESET}.
   */
  LOST_START,
  /**
   * Another client of the same key spends the rest of the rate window: this request is answered
   * 429 {@code {"detail":"Rate limit exceeded"}} with Remaining 0 and the window's reset (and
   * {@code Retry-After} when enabled), and so is every later request of the key in that window.
   * Not part of {@code --fault-rate}'s spread: set it on its own. It checks that a client sends
   * nothing until the reset it was told.
   */
  WINDOW_EXHAUSTED,
  /**
   * The request is processed (a start creates its search or enrichment job, which is billed), then
   * answered 500 {@code {"detail":"Internal server error"}}: a server that fails after doing the
   * work. Not part of {@code --fault-rate}'s spread: set it on its own. It checks that a client does
   * not repeat a start without an idempotency key after an ambiguous 5xx.
   */
  HTTP_500_AFTER_PROCESSING;

  /** The six kinds {@code --fault-rate} is spread over. */
  static final Set<FaultKind> SPREAD = EnumSet.range(HTTP_500, LOST_START);
}

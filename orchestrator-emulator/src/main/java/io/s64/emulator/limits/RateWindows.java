package io.s64.emulator.limits;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-key request budget: fixed windows aligned to multiples of the window length since the
 * Unix epoch (window index = {@code floor(epochMillis / windowMillis)}), so every key's window
 * resets at the same instants. An accepted request consumes one unit; a rejected one consumes
 * nothing. Which requests broke the pause a 429 announces is the {@link PauseLedger}'s question.
 * Thread-safe.
 */
public final class RateWindows {
  /**
   * The verdict on one request.
   *
   * @param allowed whether the request may proceed
   * @param limit the window's budget
   * @param remaining units left in the window after this request
   * @param resetEpochSeconds the window's end in epoch seconds, rounded up
   * @param retryAfterSeconds whole seconds until the window's end, rounded up (for a 429)
   * @param windowEndMillis the window's end in epoch millis
   * @param usedInWindow units consumed in the window, this request included
   */
  public record Decision(boolean allowed, int limit, int remaining, long resetEpochSeconds,
      long retryAfterSeconds, long windowEndMillis, int usedInWindow) {

    /** The {@code X-RateLimit-*} headers, plus {@code Retry-After} on a 429 when asked. */
    public Map<String, String> headers(boolean withRetryAfter) {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("X-RateLimit-Limit", Integer.toString(limit));
      headers.put("X-RateLimit-Remaining", Integer.toString(remaining));
      headers.put("X-RateLimit-Reset", Long.toString(resetEpochSeconds));
      if (!allowed && withRetryAfter) {
        headers.put("Retry-After", Long.toString(retryAfterSeconds));
      }
      return headers;
    }
  }

  /** One key's window; guarded by the enclosing instance. */
  private static final class KeyWindow {
    long index = Long.MIN_VALUE;
    int used;
  }

  private final int limit;
  private final long windowMillis;
  private final Map<String, KeyWindow> keys = new HashMap<>();

  public RateWindows(int limit, Duration window) {
    this.limit = limit;
    this.windowMillis = window.toMillis();
  }

  public synchronized Decision acquire(String key, Instant now) {
    long millis = now.toEpochMilli();
    long index = Math.floorDiv(millis, windowMillis);
    long endMillis = (index + 1) * windowMillis;
    long reset = ceilDiv(endMillis, 1000);
    KeyWindow w = keys.computeIfAbsent(key, k -> new KeyWindow());
    if (w.index != index) {
      w.index = index;
      w.used = 0;
    }
    if (w.used >= limit) {
      return new Decision(false, limit, 0, reset, ceilDiv(endMillis - millis, 1000), endMillis,
          w.used);
    }
    w.used++;
    return new Decision(true, limit, limit - w.used, reset, 0, endMillis, w.used);
  }

  /**
   * Another client of the key spends the rest of the current window ({@link
   * FaultKind#WINDOW_EXHAUSTED}): the window is full until its end.
   */
  public synchronized Decision exhaust(String key, Instant now) {
    long millis = now.toEpochMilli();
    long index = Math.floorDiv(millis, windowMillis);
    long endMillis = (index + 1) * windowMillis;
    KeyWindow w = keys.computeIfAbsent(key, k -> new KeyWindow());
    w.index = index;
    w.used = limit;
    return new Decision(false, limit, 0, ceilDiv(endMillis, 1000), ceilDiv(endMillis - millis, 1000),
        endMillis, w.used);
  }

  private static long ceilDiv(long x, long y) {
    return -Math.floorDiv(-x, y);
  }
}

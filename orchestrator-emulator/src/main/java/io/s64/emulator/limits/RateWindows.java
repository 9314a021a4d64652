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
 * nothing. Thread-safe.
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
   * @param duringPause whether the key was told to wait (by an earlier 429) and did not
   * @param usedInWindow units consumed in the window, this request included
   */
  public record Decision(boolean allowed, int limit, int remaining, long resetEpochSeconds,
      long retryAfterSeconds, boolean duringPause, int usedInWindow) {

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

  /**
   * Requests arriving this soon after a 429 was answered are not counted as breaking the pause:
   * they were on their way before the client could have read the 429.
   */
  static final long PAUSE_GRACE_MILLIS = 200;

  /** One key's window; guarded by the enclosing instance. */
  private static final class KeyWindow {
    long index = Long.MIN_VALUE;
    int used;
    long pausedFromMillis = Long.MAX_VALUE;
    long pausedUntilMillis = Long.MIN_VALUE;
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
    boolean duringPause = millis >= w.pausedFromMillis && millis < w.pausedUntilMillis;
    if (w.index != index) {
      w.index = index;
      w.used = 0;
    }
    if (w.used >= limit) {
      pause(w, millis, endMillis);
      return new Decision(false, limit, 0, reset, ceilDiv(endMillis - millis, 1000), duringPause,
          w.used);
    }
    w.used++;
    return new Decision(true, limit, limit - w.used, reset, 0, duringPause, w.used);
  }

  /**
   * Another client of the key spends the rest of the current window ({@link
   * FaultKind#WINDOW_EXHAUSTED}): the window is full and the key paused until its end.
   */
  public synchronized Decision exhaust(String key, Instant now) {
    long millis = now.toEpochMilli();
    long index = Math.floorDiv(millis, windowMillis);
    long endMillis = (index + 1) * windowMillis;
    KeyWindow w = keys.computeIfAbsent(key, k -> new KeyWindow());
    w.index = index;
    w.used = limit;
    pause(w, millis, endMillis);
    return new Decision(false, limit, 0, ceilDiv(endMillis, 1000), ceilDiv(endMillis - millis, 1000),
        false, w.used);
  }

  private static void pause(KeyWindow w, long now, long until) {
    if (until > w.pausedUntilMillis) {
      w.pausedFromMillis = now + PAUSE_GRACE_MILLIS;
      w.pausedUntilMillis = until;
    }
  }

  private static long ceilDiv(long x, long y) {
    return -Math.floorDiv(-x, y);
  }
}

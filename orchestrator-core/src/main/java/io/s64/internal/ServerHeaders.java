package io.s64.internal;

import io.s64.http.HttpTransport.Response;
import io.s64.limits.RequestBudget.ServerLimits;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;

/**
 * Reads the rate-limit headers of a response, each checked for range where it is read. A header
 * that is missing, unreadable or absurd becomes null rather than an error, on its own (the others
 * are still read): the budget then falls back on its own bucket and, after a 429, on a pause of
 * one window. Reading never throws.
 *
 * <p>A number is plain decimal ASCII: digits, optionally a fraction (rounded up to the next whole
 * second or count); no sign, exponent, {@code NaN}, {@code Infinity}, hex or type suffix. The bounds:
 *
 * <ul>
 *   <li>{@code X-RateLimit-Limit}: 1 to {@value #MAX_COUNT}. A limit of nothing would forbid every
 *       request; a billion per window (16 million a second for the API's one-minute window) is no
 *       real limit. The bound also keeps every count the budget derives from it far from overflow.
 *   <li>{@code X-RateLimit-Remaining}: 0 to {@value #MAX_COUNT}, for the same reasons.
 *   <li>{@code X-RateLimit-Reset}: Unix epoch seconds; a value too small to be a date (below
 *       10^9) is seconds from now, as some servers send. Either way it must lie at most {@link
 *       #MAX_AHEAD_SECONDS} (one hour, sixty of the API's one-minute windows) ahead: a later reset is
 *       a broken header or a clock far ahead of ours, and honouring it could stop the key for
 *       centuries (a {@code 1e20} once stopped it for good). A reset already past is kept: the
 *       budget reads it as an answer from a window that is over.
 *   <li>{@code Retry-After}: seconds, 0 to {@link #MAX_AHEAD_SECONDS}, or an HTTP date no more than
 *       that ahead; a wait of days is no rate window's. A date already past is kept (the budget then
 *       pauses briefly).
 * </ul>
 */
public final class ServerHeaders {
  /** The largest count read from {@code X-RateLimit-Limit} or {@code -Remaining}. */
  static final long MAX_COUNT = 1_000_000_000L;
  /** How far ahead a reset or a {@code Retry-After} may lie: one hour. */
  static final long MAX_AHEAD_SECONDS = 3_600;

  private static final long EPOCH_THRESHOLD = 1_000_000_000L;
  /** More integer digits than this cannot be a bounded value (and could overflow a long). */
  private static final int MAX_DIGITS = 18;

  private ServerHeaders() {}

  /** The limits a response announced, each part null when missing, unreadable or out of range. */
  public static ServerLimits limits(Response r, long nowMillis) {
    Long limit = inRange(number(r.header("x-ratelimit-limit")), 1, MAX_COUNT);
    Long remaining = inRange(number(r.header("x-ratelimit-remaining")), 0, MAX_COUNT);
    return new ServerLimits(limit, remaining, reset(r.header("x-ratelimit-reset"), nowMillis),
        retryAfter(r.header("retry-after"), nowMillis));
  }

  static @Nullable Instant reset(@Nullable String value, long nowMillis) {
    Long reset = number(value);
    if (reset == null) {
      return null;
    }
    if (reset < EPOCH_THRESHOLD) {
      return reset <= MAX_AHEAD_SECONDS ? Instant.ofEpochMilli(nowMillis + reset * 1000) : null;
    }
    // reset has at most 18 digits, so it is a valid Instant; compare before any arithmetic on it.
    return reset <= Math.floorDiv(nowMillis, 1000) + MAX_AHEAD_SECONDS
        ? Instant.ofEpochSecond(reset) : null;
  }

  static @Nullable Instant retryAfter(@Nullable String value, long nowMillis) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    Long seconds = number(v);
    if (seconds != null) {
      return seconds <= MAX_AHEAD_SECONDS ? Instant.ofEpochMilli(nowMillis + seconds * 1000) : null;
    }
    Instant at;
    try {
      at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeException e) {
      return null;
    }
    return at.isAfter(Instant.ofEpochMilli(nowMillis).plusSeconds(MAX_AHEAD_SECONDS)) ? null : at;
  }

  private static @Nullable Long inRange(@Nullable Long n, long min, long max) {
    return n == null || n < min || n > max ? null : n;
  }

  /**
   * A plain decimal number rounded up to a whole one, or null: ASCII digits (at most {@value
   * #MAX_DIGITS} before the point, so it fits a long with room to spare), optionally a point and
   * more digits.
   */
  static @Nullable Long number(@Nullable String value) {
    if (value == null) {
      return null;
    }
    String v = value.trim();
    int point = v.indexOf('.');
    String whole = point < 0 ? v : v.substring(0, point);
    String fraction = point < 0 ? "" : v.substring(point + 1);
    if (whole.isEmpty() || whole.length() > MAX_DIGITS || !digits(whole)
        || point >= 0 && (fraction.isEmpty() || !digits(fraction))) {
      return null;
    }
    long n = Long.parseLong(whole);
    return fraction.chars().anyMatch(c -> c != '0') ? n + 1 : n;
  }

  private static boolean digits(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}

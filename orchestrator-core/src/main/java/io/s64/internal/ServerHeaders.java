package io.s64.internal;

import io.s64.http.HttpTransport.Response;
import io.s64.limits.RequestBudget.ServerLimits;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * Reads the rate-limit headers of a response. Anything missing or unreadable becomes null rather
 * than an error: the budget then falls back on its own bucket.
 *
 * <p>{@code X-RateLimit-Reset} is read as Unix epoch seconds; a value too small to be a date
 * (below 10^9) is read as seconds from now, as some servers send. {@code Retry-After} is seconds
 * or an HTTP date.
 */
public final class ServerHeaders {
  private static final long EPOCH_THRESHOLD = 1_000_000_000L;

  private ServerHeaders() {}

  public static ServerLimits limits(Response r, long nowMillis) {
    Long limit = number(r.header("x-ratelimit-limit"));
    Long remaining = number(r.header("x-ratelimit-remaining"));
    Long reset = number(r.header("x-ratelimit-reset"));
    Instant resetAt = null;
    if (reset != null && reset >= 0) {
      resetAt = reset >= EPOCH_THRESHOLD
          ? Instant.ofEpochSecond(reset)
          : Instant.ofEpochMilli(nowMillis + reset * 1000);
    }
    return new ServerLimits(limit, remaining == null || remaining < 0 ? null : remaining, resetAt,
        retryAfter(r.header("retry-after"), nowMillis));
  }

  static @Nullable Instant retryAfter(@Nullable String value, long nowMillis) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    Long seconds = number(v);
    if (seconds != null) {
      return seconds < 0 ? null : Instant.ofEpochMilli(nowMillis + seconds * 1000);
    }
    try {
      return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static @Nullable Long number(@Nullable String value) {
    if (value == null) {
      return null;
    }
    String v = value.trim();
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      try {
        double d = Double.parseDouble(v);
        return Double.isFinite(d) ? (long) Math.ceil(d) : null;
      } catch (NumberFormatException e2) {
        return null;
      }
    }
  }
}

package io.s64.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.s64.http.HttpTransport.Response;
import io.s64.limits.RequestBudget.ServerLimits;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Rate-limit headers are range-checked where they are read: unreadable or absurd is ignored. */
class ServerHeadersTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final long NOW_MILLIS = NOW.toEpochMilli();

  /** Values no header of a sane server carries, and the overflows they used to cause. */
  static Stream<String> hostile() {
    return Stream.of("1e20", "1e16", "1E3", "99999999999999999999",
      "9223372036854775807", "-9223372036854775808", "-1", "-0.5", "NaN", "Infinity", "-Infinity",
      "0x10", "10f", "5d", "+5", "1_000", "", " ", "soon", "1.", ".5", "1..2", "٣");
  }

  private static ServerLimits read(String... headers) {
    Map<String, String> h = new java.util.HashMap<>();
    for (int i = 0; i < headers.length; i += 2) {
      h.put(headers[i], headers[i + 1]);
    }
    return ServerHeaders.limits(new Response(200, h, new byte[0]), NOW_MILLIS);
  }

  private static String epoch(Instant at) {
    return Long.toString(at.getEpochSecond());
  }

  private static String httpDate(Instant at) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atZone(ZoneOffset.UTC));
  }

  @Test
  void saneValuesAreRead() {
    ServerLimits l = read("x-ratelimit-limit", "500", "x-ratelimit-remaining", "0",
        "x-ratelimit-reset", epoch(NOW.plusSeconds(42)), "retry-after", "7");
    assertEquals(500L, l.limit());
    assertEquals(0L, l.remaining());
    assertEquals(NOW.plusSeconds(42), l.resetAt());
    assertEquals(NOW.plusSeconds(7), l.retryAfter());
  }

  @Test
  void aSmallResetIsSecondsFromNowAndAFractionRoundsUp() {
    assertEquals(NOW.plusSeconds(30), read("x-ratelimit-reset", "30").resetAt());
    assertEquals(NOW.plusSeconds(2), read("x-ratelimit-reset", " 1.2 ").resetAt());
    assertEquals(NOW.plusSeconds(43), read("x-ratelimit-reset", epoch(NOW.plusSeconds(42)) + ".25").resetAt());
  }

  @ParameterizedTest(name = "\"{0}\" is ignored in every header")
  @MethodSource("hostile")
  void anUnreadableOrAbsurdValueIsIgnoredInEveryHeader(String value) {
    ServerLimits l = read("x-ratelimit-limit", value, "x-ratelimit-remaining", value,
        "x-ratelimit-reset", value, "retry-after", value);
    assertEquals(ServerLimits.NONE, l);
  }

  @ParameterizedTest(name = "limit {0} is ignored")
  @ValueSource(strings = {"0", "1000000001", "4611686018427387904"})
  void aLimitOfNothingOrOfMoreThanABillionIsIgnored(String limit) {
    assertNull(read("x-ratelimit-limit", limit).limit());
  }

  @ParameterizedTest(name = "remaining {0} is ignored")
  @ValueSource(strings = {"1000000001", "9223372036854775807"})
  void aRemainingOfMoreThanABillionIsIgnored(String remaining) {
    assertNull(read("x-ratelimit-remaining", remaining).remaining());
  }

  @Test
  void theBoundsThemselvesAreRead() {
    ServerLimits l = read("x-ratelimit-limit", "1000000000", "x-ratelimit-remaining", "1000000000",
        "x-ratelimit-reset", epoch(NOW.plusSeconds(3600)), "retry-after", "3600");
    assertEquals(1_000_000_000L, l.limit());
    assertEquals(1_000_000_000L, l.remaining());
    assertEquals(NOW.plusSeconds(3600), l.resetAt());
    assertEquals(NOW.plusSeconds(3600), l.retryAfter());
    assertEquals(NOW.plusSeconds(3600), read("x-ratelimit-reset", "3600").resetAt());
  }

  @ParameterizedTest(name = "reset {0} s from now is ignored")
  @ValueSource(longs = {3601, 86_400, 31_536_000, 999_999_999})
  void aResetMoreThanAnHourAwayIsIgnoredWhetherRelativeOrEpoch(long seconds) {
    assertNull(read("x-ratelimit-reset", epoch(NOW.plusSeconds(seconds))).resetAt());
    assertNull(read("x-ratelimit-reset", Long.toString(seconds)).resetAt());
  }

  @Test
  void aResetAlreadyPastIsKeptForTheBudgetToReadAsAnOldWindow() {
    assertEquals(NOW.minusSeconds(5), read("x-ratelimit-reset", epoch(NOW.minusSeconds(5))).resetAt());
  }

  @ParameterizedTest(name = "Retry-After {0} s is ignored")
  @ValueSource(longs = {3601, 86_400, 9_000_000_000_000_000L})
  void aRetryAfterOfMoreThanAnHourIsIgnoredInEitherForm(long seconds) {
    assertNull(read("retry-after", Long.toString(seconds)).retryAfter());
    if (seconds < 1_000_000_000L) {
      assertNull(read("retry-after", httpDate(NOW.plusSeconds(seconds))).retryAfter());
    }
  }

  @Test
  void aRetryAfterDateIsReadAndOneAlreadyPastIsKept() {
    assertEquals(NOW.plusSeconds(9), read("retry-after", httpDate(NOW.plusSeconds(9))).retryAfter());
    assertEquals(NOW.minusSeconds(9), read("retry-after", httpDate(NOW.minusSeconds(9))).retryAfter());
    assertNull(read("retry-after", "Fri, 31 Dec 9999 23:59:59 GMT").retryAfter());
    assertNull(read("retry-after", "Sun, 32 Nov 2026 10:00:00 GMT").retryAfter());
  }

  @Test
  void oneUnreadableHeaderLeavesTheOthersRead() {
    ServerLimits l = read("x-ratelimit-limit", "500", "x-ratelimit-remaining", "12",
        "x-ratelimit-reset", "1e20", "retry-after", "NaN");
    assertEquals(new ServerLimits(500L, 12L, null, null), l);
  }
}

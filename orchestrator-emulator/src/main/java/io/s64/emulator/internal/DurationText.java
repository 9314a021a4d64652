package io.s64.emulator.internal;

import io.s64.emulator.DurationRange;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes durations the way the flags spell them: a whole number with an {@code ms},
 * {@code s} or {@code m} suffix ({@code 250ms}, {@code 2s}, {@code 1m}), and ranges {@code
 * MIN..MAX}.
 */
public final class DurationText {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m)");

  private DurationText() {}

  /**
   * Parses one duration.
   *
   * @throws IllegalArgumentException naming the text when it is not a duration
   */
  public static Duration parse(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "expected a duration like 250ms, 2s or 1m but was '" + text + "'");
    }
    long amount = Long.parseLong(m.group(1));
    switch (m.group(2)) {
      case "ms":
        return Duration.ofMillis(amount);
      case "s":
        return Duration.ofSeconds(amount);
      default:
        return Duration.ofMinutes(amount);
    }
  }

  /**
   * Parses {@code MIN..MAX}, or a single duration meaning a fixed range.
   *
   * @throws IllegalArgumentException naming the text when it is not a range or {@code MIN > MAX}
   */
  public static DurationRange parseRange(String text) {
    int dots = text.indexOf("..");
    if (dots < 0) {
      return DurationRange.fixed(parse(text));
    }
    Duration min = parse(text.substring(0, dots));
    Duration max = parse(text.substring(dots + 2));
    if (max.compareTo(min) < 0) {
      throw new IllegalArgumentException("range '" + text + "' has MIN greater than MAX");
    }
    return new DurationRange(min, max);
  }

  /** The shortest spelling {@link #parse} reads back: {@code 1m}, {@code 90s}, {@code 250ms}. */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis != 0 && millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    if (millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    return millis + "ms";
  }
}

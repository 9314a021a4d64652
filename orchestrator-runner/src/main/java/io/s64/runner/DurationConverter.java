package io.s64.runner;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Reads durations the way the options spell them: a whole number and a unit, {@code ms}, {@code
 * s}, {@code m} or {@code h} ({@code 250ms}, {@code 10s}, {@code 2m}). Zero is refused: every
 * duration option is a positive span.
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");

  @Override
  public Duration convert(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new CommandLine.TypeConversionException(
          "expected a duration such as 250ms, 10s or 2m but was '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    if (n == 0) {
      throw new CommandLine.TypeConversionException("must be positive but was '" + text + "'");
    }
    switch (m.group(2)) {
      case "ms":
        return Duration.ofMillis(n);
      case "s":
        return Duration.ofSeconds(n);
      case "m":
        return Duration.ofMinutes(n);
      default:
        return Duration.ofHours(n);
    }
  }
}

package io.s64.emulator;

import io.s64.emulator.internal.DurationText;
import java.time.Duration;
import java.util.Objects;

/**
 * An inclusive range of durations, such as a search's run time {@code 30s..120s}. A range whose
 * {@code min} equals its {@code max} is a fixed duration.
 *
 * @param min the shortest duration, not negative
 * @param max the longest duration, at least {@code min}
 */
public record DurationRange(Duration min, Duration max) {

  /**
   * Checks the bounds.
   *
   * @throws IllegalArgumentException if a bound is negative or {@code min > max}
   */
  public DurationRange {
    Objects.requireNonNull(min, "min");
    Objects.requireNonNull(max, "max");
    if (min.isNegative()) {
      throw new IllegalArgumentException(
          "min must not be negative but was " + DurationText.format(min));
    }
    if (max.compareTo(min) < 0) {
      throw new IllegalArgumentException(
          "max must be at least min (" + DurationText.format(min) + ") but was "
              + DurationText.format(max));
    }
  }

  /** A fixed duration: {@code min == max == duration}. */
  public static DurationRange fixed(Duration duration) {
    return new DurationRange(duration, duration);
  }

  /** Whether {@code min == max}. */
  public boolean isFixed() {
    return min.equals(max);
  }

  /** The range as a flag value: {@code 30s..120s}, or a single duration when fixed. */
  @Override
  public String toString() {
    String low = DurationText.format(min);
    return isFixed() ? low : low + ".." + DurationText.format(max);
  }
}

package io.s64.emulator.config;

import io.s64.emulator.DurationRange;
import java.time.Duration;
import java.util.Objects;

/** Argument checks whose messages name the setting and the bad value. */
public final class Checks {
  private Checks() {}

  public static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  public static double probability(String name, double p) {
    require(p >= 0 && p <= 1, name + " must be in 0..1 but was " + p);
    return p;
  }

  public static Duration atLeastOneMilli(String name, Duration d) {
    Objects.requireNonNull(d, name);
    require(d.toMillis() >= 1, name + " must be at least 1ms but was " + d);
    return d;
  }

  public static DurationRange range(String name, Duration min, Duration max) {
    Objects.requireNonNull(min, name + " min");
    Objects.requireNonNull(max, name + " max");
    try {
      return new DurationRange(min, max);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }
}

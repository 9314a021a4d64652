package io.s64.emulator;

import java.time.Duration;
import java.util.Objects;

/** Argument checks whose messages name the setting and the bad value. */
final class Checks {
  private Checks() {}

  static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  static double probability(String name, double p) {
    require(p >= 0 && p <= 1, name + " must be in 0..1 but was " + p);
    return p;
  }

  static Duration atLeastOneMilli(String name, Duration d) {
    Objects.requireNonNull(d, name);
    require(d.toMillis() >= 1, name + " must be at least 1ms but was " + d);
    return d;
  }

  static DurationRange range(String name, Duration min, Duration max) {
    Objects.requireNonNull(min, name + " min");
    Objects.requireNonNull(max, name + " max");
    try {
      return new DurationRange(min, max);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }
}

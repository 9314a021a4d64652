package io.s64.emulator.config;

import io.s64.emulator.internal.DurationText;
import java.time.Duration;
import java.util.Collection;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One rule a setting's value must follow, with the words that explain it: a failure reads {@code
 * "<setting> <text> but was <value>"}, such as {@code port must be in 0..65535 but was 70000}.
 *
 * @param test whether a value follows the rule
 * @param text what the rule asks, as in {@code "must be at least 1"}
 * @param hint the allowed range as {@code --help} shows it, or null when the help needs none
 * @param <T> the values it applies to
 */
record Rule<T>(Predicate<? super T> test, String text, @Nullable String hint) {

  static Rule<Integer> atLeast(int min) {
    return new Rule<>(n -> n >= min, "must be at least " + min, null);
  }

  static Rule<Integer> within(int min, int max) {
    return new Rule<>(n -> n >= min && n <= max, "must be in " + min + ".." + max,
        min + ".." + max);
  }

  /** In {@code 0..1}; NaN is not. */
  static Rule<Double> probability() {
    return new Rule<>(p -> p >= 0 && p <= 1, "must be in 0..1", null);
  }

  /** Credits: 0 or more, to a tenth (1 credit = 10 cents). */
  static Rule<java.math.BigDecimal> credits() {
    return new Rule<>(c -> c.signum() >= 0 && c.stripTrailingZeros().scale() <= 1,
        "must be 0 or more with at most one decimal place", null);
  }

  static Rule<Duration> atLeast(Duration min) {
    return new Rule<>(d -> d.compareTo(min) >= 0, "must be at least " + DurationText.format(min),
        null);
  }

  static Rule<Duration> notNegative() {
    return new Rule<>(d -> !d.isNegative(), "must not be negative", null);
  }

  static Rule<String> notBlank() {
    return new Rule<>(s -> !s.isBlank(), "must not be blank", null);
  }

  /** No element null or blank; {@code what} names one element, as in {@code "key"}. */
  static Rule<Collection<String>> noBlank(String what) {
    return new Rule<>(all -> all.stream().allMatch(s -> s != null && !s.isBlank()),
        "must not contain a blank " + what, null);
  }
}

package io.s64.emulator.config;

import io.s64.emulator.DurationRange;
import io.s64.emulator.internal.DurationText;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How one kind of value is written on the command line: the placeholder {@code --help} shows, how
 * a flag's text is read, and how a value is written back (in {@code --help}'s defaults and in
 * {@code EmulatorConfig.toString()}). Immutable.
 *
 * @param <T> the value type
 */
final class Syntax<T> {
  static final Syntax<Integer> INTEGER =
      new Syntax<>("N", text -> (int) whole(text, Integer.MIN_VALUE, Integer.MAX_VALUE),
          String::valueOf, null);
  static final Syntax<Long> LONG =
      new Syntax<>("N", text -> whole(text, Long.MIN_VALUE, Long.MAX_VALUE), String::valueOf, null);
  static final Syntax<Double> PROBABILITY =
      new Syntax<>("P", Syntax::probability, Syntax::decimal, null);
  static final Syntax<Duration> DURATION =
      new Syntax<>("DURATION", DurationText::parse, DurationText::format, null);
  static final Syntax<DurationRange> RANGE =
      new Syntax<>("MIN..MAX", DurationText::parseRange, DurationRange::toString, null);
  /** An amount of credits, to a tenth (1 credit = 10 cents): {@code 1000}, {@code 2.5}. */
  static final Syntax<BigDecimal> CREDITS =
      new Syntax<>("CREDITS", Syntax::credits, BigDecimal::toPlainString, null);
  /** A flag without a value (or with {@code =true} / {@code =false}). */
  static final Syntax<Boolean> SWITCH =
      new Syntax<>(null, Syntax::switchValue, on -> on ? "on" : "off", null);

  private final @Nullable String placeholder;
  private final Function<String, T> parse;
  private final Function<? super T, String> format;
  private final @Nullable BinaryOperator<T> repeat;

  private Syntax(@Nullable String placeholder, Function<String, T> parse,
      Function<? super T, String> format, @Nullable BinaryOperator<T> repeat) {
    this.placeholder = placeholder;
    this.parse = parse;
    this.format = format;
    this.repeat = repeat;
  }

  /** The same syntax, its value shown as {@code placeholder} in the help: {@code --port PORT}. */
  Syntax<T> as(String placeholder) {
    return new Syntax<>(placeholder, parse, format, repeat);
  }

  /** Free text, shown as {@code placeholder} in the help. */
  static Syntax<String> text(String placeholder) {
    return new Syntax<>(placeholder, Function.identity(), Function.identity(), null);
  }

  /** One of a few named values, read by {@code parse}, written with {@code toString}. */
  static <T> Syntax<T> choice(String placeholder, Function<String, T> parse) {
    return new Syntax<>(placeholder, parse, String::valueOf, null);
  }

  /** A set of texts: the flag may be repeated, and each occurrence adds one. */
  static Syntax<Set<String>> repeatable(String placeholder) {
    return new Syntax<>(placeholder, text -> Set.of(text), String::valueOf, (earlier, more) -> {
      Set<String> all = new LinkedHashSet<>(earlier);
      all.addAll(more);
      return Collections.unmodifiableSet(all);
    });
  }

  /** A value only the builder sets (no flag); written with {@code String.valueOf}. */
  static <T> Syntax<T> builderOnly() {
    return new Syntax<>(null, text -> {
      throw new UnsupportedOperationException("set only through the builder");
    }, String::valueOf, null);
  }

  /** The placeholder of the flag's value, or null for a switch. */
  @Nullable String placeholder() {
    return placeholder;
  }

  /**
   * Reads one occurrence of the flag.
   *
   * @param earlier what earlier occurrences gave, or null for the first one
   * @throws IllegalArgumentException naming the text when it cannot be read
   */
  T parse(@Nullable T earlier, String text) {
    T value = parse.apply(text);
    return earlier == null || repeat == null ? value : repeat.apply(earlier, value);
  }

  String format(T value) {
    return format.apply(value);
  }

  private static long whole(String text, long min, long max) {
    try {
      long value = Long.parseLong(text.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("expected an integer but was '" + text + "'");
  }

  private static BigDecimal credits(String text) {
    try {
      BigDecimal value = new BigDecimal(text.trim());
      if (value.signum() >= 0 && value.stripTrailingZeros().scale() <= 1
          && value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 100)) <= 0) {
        return value.stripTrailingZeros().scale() < 0 ? value.setScale(0) : value.stripTrailingZeros();
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "expected credits (0 or more, at most one decimal place) but was '" + text + "'");
  }

  private static double probability(String text) {
    try {
      return Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "expected a probability in 0..1 but was '" + text + "'", e);
    }
  }

  /** {@code 0}, {@code 0.25}: whole numbers without a fraction. */
  private static String decimal(double p) {
    boolean whole = p == Math.rint(p) && !Double.isInfinite(p);
    return whole ? Long.toString((long) p) : Double.toString(p);
  }

  private static boolean switchValue(String text) {
    if (!text.equals("true") && !text.equals("false")) {
      throw new IllegalArgumentException(
          "takes no value, or =true / =false, but was '" + text + "'");
    }
    return text.equals("true");
  }
}

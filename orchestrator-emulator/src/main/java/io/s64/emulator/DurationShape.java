package io.s64.emulator;

import java.time.Duration;
import java.util.Locale;

/**
 * How the run times of deep searches spread over their {@link DurationRange} {@code [a, b]}. Each
 * shape maps one uniform draw to one duration, so a seed gives the same sequence in every shape's
 * order of searches.
 */
public enum DurationShape {
  /** Every duration in {@code [a, b]} equally likely (the docs' "30–120 s"). */
  UNIFORM("uniform"),
  /**
   * Log-normal with its median at the geometric mean {@code √(a·b)} (60 s for 30–120 s) and
   * {@code a}, {@code b} at its 2.5th and 97.5th percentiles; clipped to {@code [a/2, 2b]}.
   */
  LOG_NORMAL("log-normal"),
  /**
   * Half the searches short, uniform over the first fifth of the range (30–48 s), half long,
   * uniform over its last fifth (102–120 s).
   */
  BIMODAL("bimodal");

  private static final double Z975 = 1.959964;

  private final String flag;

  DurationShape(String flag) {
    this.flag = flag;
  }

  /** The shape's name on the command line. */
  public String flag() {
    return flag;
  }

  /** The shape named {@code text} (its flag, case-insensitively). */
  public static DurationShape parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (DurationShape s : values()) {
      if (s.flag.equals(t) || s.name().toLowerCase(Locale.ROOT).equals(t)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "expected uniform, log-normal or bimodal but was \"" + text + "\"");
  }

  /** The duration of uniform draw {@code u} in [0, 1), rounded to the millisecond. */
  public Duration draw(DurationRange range, double u) {
    double a = range.min().toNanos() / 1e6;
    double b = range.max().toNanos() / 1e6;
    double ms;
    switch (this) {
      case LOG_NORMAL: {
        if (a <= 0 || b <= a) {
          ms = a + (b - a) * u;
          break;
        }
        double sigma = Math.log(b / a) / (2 * Z975);
        double median = Math.sqrt(a * b);
        ms = median * Math.exp(sigma * inverseNormal(u));
        ms = Math.max(a / 2, Math.min(2 * b, ms));
        break;
      }
      case BIMODAL: {
        double band = (b - a) / 5;
        ms = u < 0.5 ? a + band * (u / 0.5) : b - band * ((1 - u) / 0.5);
        break;
      }
      default:
        // The same draw as every other range of the emulator.
        long span = range.max().toMillis() - range.min().toMillis();
        return range.min().plusMillis(Math.round(span * u));
    }
    return Duration.ofMillis(Math.round(ms));
  }

  /** The standard normal quantile of {@code p}, by bisection on the CDF (to about 1e-9). */
  static double inverseNormal(double p) {
    double q = Math.max(1e-12, Math.min(1 - 1e-12, p));
    double lo = -8;
    double hi = 8;
    for (int i = 0; i < 60; i++) {
      double mid = (lo + hi) / 2;
      if (cdf(mid) < q) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (lo + hi) / 2;
  }

  /** The standard normal CDF, from the complementary error function (Numerical Recipes' erfc). */
  private static double cdf(double x) {
    double z = Math.abs(x) / Math.sqrt(2);
    double t = 1 / (1 + 0.5 * z);
    double erfc = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196
        + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398
        + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? 1 - erfc / 2 : erfc / 2;
  }

  @Override
  public String toString() {
    return flag;
  }
}

package io.s64.bench;

import java.util.Locale;

/**
 * One line of the results table: a figure beside its same-run baseline, the target and the
 * verdict. Values are already formatted by the benchmark that measured them.
 *
 * @param id the benchmark id of the architecture's table (P1 … P5), with a suffix for variants
 * @param what what was measured, in a few words
 * @param value the s64 figure
 * @param baseline the baseline's figure from the same run
 * @param ratio s64 ÷ baseline (or the ratio the target is stated in)
 * @param target the target, with the physical bound where one caps it
 * @param pass whether the target is met
 * @param notes what a reader needs to judge the figure: bounds, counts, times
 * @param bound the bound the figure is judged against, where one caps it (for the history), or
 *     empty
 */
record Figure(String id, String what, String value, String baseline, String ratio, String target,
    boolean pass, String notes, String bound) {

  /** A figure with no bound. */
  Figure(String id, String what, String value, String baseline, String ratio, String target,
      boolean pass, String notes) {
    this(id, what, value, baseline, ratio, target, pass, notes, "");
  }

  /** A number with {@code decimals} decimals, locale-independent. */
  static String num(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  /** A whole number with thousands separators: {@code 21,345}. */
  static String count(double value) {
    return String.format(Locale.ROOT, "%,.0f", value);
  }

  /** Seconds with one decimal: {@code 27.3 s}. */
  static String seconds(java.time.Duration d) {
    return num(d.toMillis() / 1000.0, 1) + " s";
  }

  /** The line printed on the console. */
  String console() {
    return String.format(Locale.ROOT, "%-4s %-44s s64 %-12s baseline %-12s ratio %-6s target %s -> %s%n"
        + "     %s", id, what, value, baseline, ratio, target, pass ? "PASS" : "MISS", notes);
  }
}

package io.s64.runner.report;

import java.util.Locale;

/** Text for the page: escaping, numbers and durations as people read them. */
final class Html {
  private Html() {}

  /** {@code text} safe inside an element or a quoted attribute. */
  static String esc(String text) {
    StringBuilder b = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String r = switch (c) {
        case '&' -> "&amp;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '"' -> "&quot;";
        case '\'' -> "&#39;";
        default -> null;
      };
      if (r != null || c < 0x20 && c != '\n' && c != '\t') {
        if (b == null) {
          b = new StringBuilder(text.length() + 16).append(text, 0, i);
        }
        b.append(r != null ? r : " ");
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? text : b.toString();
  }

  /** A coordinate with at most one decimal: short, and exact enough for a chart. */
  static String num(double v) {
    long tenths = Math.round(v * 10);
    return tenths % 10 == 0 ? Long.toString(tenths / 10)
        : String.format(Locale.ROOT, "%.1f", tenths / 10.0);
  }

  /** A count with thousands separators, as {@code 12,345}. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A duration as {@code 850 ms}, {@code 12.4 s}, {@code 3m 05s} or {@code 1h 02m}. */
  static String duration(long ms) {
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    long s = ms / 1000;
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh %02dm", s / 3600, s % 3600 / 60);
  }

  /** A tick step for an axis of {@code spanMs}: 100 ms ... 1 day, giving at most {@code ticks} ticks. */
  static long tickStep(long spanMs, int ticks) {
    long[] steps = {100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000,
        300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000, 43_200_000,
        86_400_000};
    for (long s : steps) {
      if (spanMs / s <= ticks) {
        return s;
      }
    }
    return Math.max(1, spanMs / Math.max(1, ticks));
  }

  /** A tick's label: the time since the run's start, as {@code 0:45} or {@code 1:02:00}. */
  static String clock(long ms) {
    long s = ms / 1000;
    if (ms % 1000 != 0 && ms < 10_000) {
      return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }
    return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s % 3600 / 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}

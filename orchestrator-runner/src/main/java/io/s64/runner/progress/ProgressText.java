package io.s64.runner.progress;

import java.time.Duration;

/** Short spellings of times for the status line: {@code 0:42}, {@code 1:02:03}, {@code 1m}. */
public final class ProgressText {
  private ProgressText() {}

  /** Elapsed time as {@code M:SS} or {@code H:MM:SS}. */
  public static String clock(Duration d) {
    long s = Math.max(0, d.getSeconds());
    return s >= 3600
        ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format("%d:%02d", s / 60, s % 60);
  }

  /** A duration as the options spell it: {@code 1m}, {@code 90s}, {@code 250ms}. */
  public static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms != 0 && ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms != 0 && ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }
}

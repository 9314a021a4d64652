package io.s64.runner.progress;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Short spellings for the status line: times ({@code 0:42}, {@code 1:02:03}, {@code 1m}) and a
 * progress message fitted to the terminal.
 */
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

  /** Fewer characters than this left for a message, and it is left out rather than cut to nothing. */
  static final int MIN_MESSAGE = 12;

  /**
   * The status line followed by {@code " | "} and {@code message}, in at most {@code width}
   * characters: the message is shortened (ending in {@code ...}) when it does not fit, and left out
   * when fewer than {@value #MIN_MESSAGE} characters would be left for it. Control characters in the
   * message (a server's line breaks would break the redrawn line) become spaces.
   */
  public static String withMessage(String line, @Nullable String message, int width) {
    if (message == null || message.isBlank()) {
      return line;
    }
    String clean = message.strip().replaceAll("\\p{Cntrl}+", " ");
    int room = width - line.length() - 3;
    if (clean.length() <= room) {
      return line + " | " + clean;
    }
    if (room < MIN_MESSAGE) {
      return line;
    }
    return line + " | " + clean.substring(0, room - 3).stripTrailing() + "...";
  }
}

package io.s64.runner.input;

import org.jspecify.annotations.Nullable;

/**
 * One physical line of the input: its 1-based number and either its text (UTF-8 decoded, without
 * the line terminator) or what is wrong with its bytes.
 *
 * @param number the 1-based physical line number
 * @param text the decoded text, or null when the line is unusable
 * @param problem why the line is unusable (without the line number), or null
 */
record Line(long number, @Nullable String text, @Nullable String problem) {

  /** Whether the line holds nothing but whitespace. */
  boolean isBlank() {
    return text != null && text.isBlank();
  }
}

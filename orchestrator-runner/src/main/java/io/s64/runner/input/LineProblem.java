package io.s64.runner.input;

/** What is wrong with one record, such as {@code field 'mode' must be people or company}. */
final class LineProblem extends Exception {
  private static final long serialVersionUID = 1L;

  LineProblem(String message) {
    super(message, null, false, false);
  }
}

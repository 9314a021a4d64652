package io.s64.runner.input;

/**
 * The input as a whole cannot be read: the file is missing or unreadable, the CSV header is wrong,
 * or reading failed part way. A single bad record never throws this; it becomes an {@code invalid}
 * job. The message names the input.
 */
public final class InputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InputException(String message) {
    super(message);
  }

  public InputException(String message, Throwable cause) {
    super(message, cause);
  }
}

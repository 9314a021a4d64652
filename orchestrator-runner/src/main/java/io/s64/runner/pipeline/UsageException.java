package io.s64.runner.pipeline;

/**
 * A bad option value or an unusable input or output folder, found before any job runs: the run
 * ends with exit code 2 and this message, which names the option (or file) and the value.
 */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}

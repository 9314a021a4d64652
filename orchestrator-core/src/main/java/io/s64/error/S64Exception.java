package io.s64.error;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception s64 signals. Unchecked, because in a reactive chain every error
 * travels as a signal anyway; subclasses say what the caller should do next.
 */
public abstract class S64Exception extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected S64Exception(String message) {
    super(message);
  }

  protected S64Exception(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /**
   * Whether repeating the same request later may succeed. Transient server and network failures
   * are retryable; a request the server rejected as wrong is not.
   */
  public abstract boolean isRetryable();
}

package io.s64.error;

import org.jspecify.annotations.Nullable;

/**
 * A 2xx response whose body is not what the contract promises: malformed JSON, or a required
 * field missing or of the wrong type. Treated like a transient server error.
 */
public final class DecodeException extends S64Exception {
  private static final long serialVersionUID = 1L;

  public DecodeException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}

package io.s64.error;

import org.jspecify.annotations.Nullable;

/**
 * No usable HTTP response: the connection failed, was reset, or the response did not arrive in
 * time. Whether the server processed the request is unknown, which is why starts carry a
 * client-chosen {@code search_id}.
 */
public final class TransportException extends S64Exception {
  private static final long serialVersionUID = 1L;

  private final boolean timeout;

  public TransportException(String message, boolean timeout, @Nullable Throwable cause) {
    super(message, cause);
    this.timeout = timeout;
  }

  /** Whether the failure was a timeout rather than a connection error. */
  public boolean isTimeout() {
    return timeout;
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}

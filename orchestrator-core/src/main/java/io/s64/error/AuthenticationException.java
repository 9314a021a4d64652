package io.s64.error;

import java.util.List;

/**
 * HTTP 401: the API key is missing, unknown, revoked or expired. Every later call on the same key
 * would fail the same way, so a batch stops as a whole when it sees one. The message never
 * contains the key.
 */
public final class AuthenticationException extends ApiException {
  private static final long serialVersionUID = 1L;

  public AuthenticationException(String operation, String detail) {
    super(operation, 401, detail, List.of());
  }

  @Override
  public boolean isRetryable() {
    return false;
  }
}

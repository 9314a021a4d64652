package io.s64.error;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * HTTP 429 because the key's request window is spent. The client waits for the announced reset
 * and retries on its own; this reaches the caller only when the retry policy's limit on rate
 * waits is exhausted.
 */
public final class RateLimitedException extends S64Exception {
  private static final long serialVersionUID = 1L;

  private final @Nullable Instant resetAt;

  public RateLimitedException(String operation, @Nullable Instant resetAt) {
    super(operation + " was rate limited (HTTP 429)"
        + (resetAt == null ? "" : "; the window resets at " + resetAt));
    this.resetAt = resetAt;
  }

  /** When the server said the window resets, if it said. */
  public @Nullable Instant resetAt() {
    return resetAt;
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}

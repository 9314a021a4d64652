package io.s64.error;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * HTTP 429: the key's request window is spent, or ({@link #slotsBusy()}) every deep-search slot of
 * the organization is busy. Nothing was done either way.
 *
 * <p>A spent window: the client waits for the announced reset and retries on its own; this reaches
 * the caller only when the retry policy's limit on rate waits is exhausted.
 *
 * <p>Slots busy (a 429 on {@code start-deep-search} while the request window still has room): the
 * organization already runs as many deep searches as it may (5). Not a rate pause and not a
 * failure: the search was not started, and starting it again later with the same {@link
 * #searchId()} is safe. The batch requeues such a start after a backoff.
 */
public final class RateLimitedException extends S64Exception {
  private static final long serialVersionUID = 1L;

  private final @Nullable Instant resetAt;
  private final @Nullable String slotsBusySearchId;

  public RateLimitedException(String operation, @Nullable Instant resetAt) {
    super(operation + " was rate limited (HTTP 429)"
        + (resetAt == null ? "" : "; the window resets at " + resetAt));
    this.resetAt = resetAt;
    this.slotsBusySearchId = null;
  }

  private RateLimitedException(String searchId) {
    super("All deep-search slots of the organization are busy; search " + searchId
        + " was not started");
    this.resetAt = null;
    this.slotsBusySearchId = searchId;
  }

  /** Every deep-search slot is busy: the start of {@code searchId} was not performed. */
  public static RateLimitedException slotsBusy(String searchId) {
    return new RateLimitedException(searchId);
  }

  /** Whether the 429 meant "all deep-search slots are busy" rather than a spent window. */
  public boolean slotsBusy() {
    return slotsBusySearchId != null;
  }

  /** For {@link #slotsBusy()}: the {@code search_id} to retry the start with; else null. */
  public @Nullable String searchId() {
    return slotsBusySearchId;
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

package io.s64.error;

/**
 * HTTP 429 on {@code start-deep-search} while the request window still has room: the organization
 * already runs as many deep searches as it may (5). Not a rate pause and not a failure: the search
 * was not started, and starting it again later with the same {@code search_id} is safe.
 */
public final class SlotsBusyException extends S64Exception {
  private static final long serialVersionUID = 1L;

  private final String searchId;

  public SlotsBusyException(String searchId) {
    super("All deep-search slots of the organization are busy; search " + searchId
        + " was not started");
    this.searchId = searchId;
  }

  /** The {@code search_id} to retry the start with. */
  public String searchId() {
    return searchId;
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}

package io.s64.limits;

/**
 * The priority of a request in the {@link RequestBudget}. Slot time is the scarcest resource, so
 * requests that keep a deep-search slot moving are served before bulk reads.
 */
public enum Lane {
  /** Starts and status polls of deep searches: served first. */
  SLOT,
  /** Result pages, filter queries, exports and downloads. */
  BULK
}

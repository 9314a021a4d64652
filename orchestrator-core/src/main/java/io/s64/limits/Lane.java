package io.s64.limits;

/**
 * The priority of a request in the {@link RequestBudget}. Slot time is the scarcest resource, so
 * requests that keep a deep-search slot moving are served first; then requests whose cursor is
 * ticking, so that work already started finishes before new work begins (a page cursor expires,
 * and a cursor that waits behind a thousand first pages would expire in the queue).
 */
public enum Lane {
  /** Starts and status polls of deep searches: served first. */
  SLOT,
  /** Follow-up pages by cursor, and reads that replace a lost cursor: served second. */
  CONTINUATION,
  /** First pages, filter queries, exports, enrichment, download links. */
  BULK
}

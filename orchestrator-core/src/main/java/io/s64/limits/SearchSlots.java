package io.s64.limits;

import reactor.core.publisher.Mono;

/**
 * The organization's deep-search slots: a search holds one from its start until its terminal
 * status is seen. Shared by every batch on a client, so two batches together never run more
 * searches than there are slots.
 */
public interface SearchSlots {

  /** Slots kept in this process, handed out first come, first served. */
  static SearchSlots local(int capacity) {
    return new LocalSearchSlots(capacity);
  }

  /**
   * Waits for a free slot. Cancelling the wait leaves the queue at once; a slot granted to a
   * waiter that was cancelled meanwhile goes back to the pool.
   */
  Mono<Slot> acquire();

  /**
   * Waits for a free slot ahead of every {@link #acquire()} waiter: for a search that already runs
   * on the server (a resumed run re-attaching to it), which holds one of the organization's slots
   * already. Starting new searches first would only meet "slots busy" answers. The default is
   * {@link #acquire()}.
   */
  default Mono<Slot> acquireFirst() {
    return acquire();
  }

  /** How many slots there are. */
  int capacity();

  /** How many slots are held right now. */
  int inUse();

  /** How many callers are waiting for a slot. */
  int waiting();

  /** A held slot. */
  interface Slot {
    /** Gives the slot back; calling it again does nothing. */
    void release();

    /**
     * The search holding this slot runs on the server as {@code taskId} (it was started, or a
     * resumed run re-attached to it). A shared implementation records it with the slot, so that if
     * this process dies another one can poll the search to its end before the slot is freed: the
     * search keeps running, and holding, one of the organization's slots. The default does nothing.
     */
    default void running(String taskId) {}
  }
}

package io.s64.batch;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A run's allowance of result pages fetched ahead of a slow sink, shared by its reads: it bounds
 * the memory that keeping cursors alive under a slow sink may cost.
 */
final class ReadAhead {
  private final int pages;
  private final AtomicInteger taken = new AtomicInteger();

  ReadAhead(int pages) {
    this.pages = pages;
  }

  /** Takes one page of the allowance; false when it is spent. */
  boolean take() {
    return taken.getAndUpdate(n -> n < pages ? n + 1 : n) < pages;
  }

  /** Gives {@code n} pages back. */
  void giveBack(int n) {
    if (n > 0) {
      taken.addAndGet(-n);
    }
  }
}

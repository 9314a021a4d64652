package io.s64.emulator.search;

/**
 * Where each page of a result set starts and how many rows it has. Without short pages every page
 * is full except the last. With short pages (deterministic per page number): page 2 is empty and
 * every third page holds half a page, so a client that stops at a short or empty page loses rows;
 * only {@code has_more} ends paging.
 *
 * @param offset rows returned before this page
 * @param count rows in this page
 * @param number the 1-based page number
 * @param hasMore whether rows remain after this page
 */
record PagePlan(int offset, int count, int number, boolean hasMore) {

  /**
   * The page {@code number} starting at {@code offset} of a result set of {@code cap} rows.
   *
   * @param pageSize rows per full page, at least 1
   */
  static PagePlan of(int offset, int number, int pageSize, int cap, boolean shortPages) {
    int want = pageSize;
    if (shortPages) {
      if (number == 2) {
        want = 0;
      } else if (number % 3 == 0) {
        want = Math.max(1, pageSize / 2);
      }
    }
    int count = Math.max(0, Math.min(want, cap - offset));
    return new PagePlan(offset, count, number, offset + count < cap);
  }

  /** Rows returned through this page. */
  int through() {
    return offset + count;
  }
}

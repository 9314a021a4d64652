package io.s64.model;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of {@code POST /search/query}. Paging ends only when {@link #hasMore()} is false or
 * {@link #nextCursor()} is null: a short or even empty page does not mean the end.
 *
 * @param rows the rows of this page, possibly fewer than the page size, possibly none
 * @param totalResults the server's {@code total_results}
 * @param searchId the search these rows belong to, reusable with {@code /search/query} and export
 * @param nextCursor the cursor of the next page, or null at the end
 * @param hasMore whether more rows follow
 * @param pageNumber the 1-based page number, when the server says
 * @param cursorExpiresInSeconds how long {@code nextCursor} stays valid, when the server says
 * @param totalAvailable total matches before the cap (people mode), when the server says
 */
public record Page(
    List<Row> rows,
    long totalResults,
    @Nullable String searchId,
    @Nullable String nextCursor,
    boolean hasMore,
    @Nullable Integer pageNumber,
    @Nullable Integer cursorExpiresInSeconds,
    @Nullable Long totalAvailable) {

  public Page {
    rows = List.copyOf(rows);
  }

  /** Whether another page can and should be fetched: {@code has_more} and a cursor. */
  public boolean hasNext() {
    return hasMore && nextCursor != null;
  }

  @Override
  public String toString() {
    return "Page[rows=" + rows.size() + ", totalResults=" + totalResults + ", searchId=" + searchId
        + ", hasMore=" + hasMore + ", pageNumber=" + pageNumber + "]";
  }
}

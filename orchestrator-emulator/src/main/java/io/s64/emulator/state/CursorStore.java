package io.s64.emulator.state;

import io.s64.emulator.internal.Ids;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Page cursors: opaque tokens (base64url of a random 128-bit id) that stand for "page N of this
 * search from row R". A cursor can be replayed until it expires and yields the same page and the
 * same next cursor, so a client may retry a page whose response it lost. Expired cursors are
 * dropped as new ones are issued; the store also never holds more than a fixed number.
 */
public final class CursorStore {
  private static final int MAX_CURSORS = 500_000;

  /**
   * What a cursor stands for.
   *
   * @param search the search being paged
   * @param offset rows returned before the page
   * @param pageSize rows per full page
   * @param pageNumber the 1-based number of the page
   * @param cap rows the paging yields in all: {@code min(search rows, max_results)}
   * @param maxResults the max_results of the first request
   * @param expiresAt when the cursor stops working
   */
  public record Cursor(Search search, int offset, int pageSize, int pageNumber, int cap,
      long maxResults, Instant expiresAt) {}

  private record Entry(Cursor cursor, @Nullable String next) {}

  private final Duration ttl;
  private final Ids ids;
  private final Map<String, Entry> cursors = new HashMap<>();
  private final ArrayDeque<String> byAge = new ArrayDeque<>();

  public CursorStore(Duration ttl, Ids ids) {
    this.ttl = ttl;
    this.ids = ids;
  }

  public Duration ttl() {
    return ttl;
  }

  /** The cursor for {@code token}, or null if it is unknown or expired at {@code now}. */
  public synchronized @Nullable Cursor find(String token, Instant now) {
    Entry entry = cursors.get(token);
    if (entry == null || !now.isBefore(entry.cursor().expiresAt())) {
      return null;
    }
    return entry.cursor();
  }

  /** A new token for the page after a first page (a first page is never replayed by cursor). */
  public synchronized String issue(Cursor next, Instant now) {
    return put(next, now);
  }

  /**
   * The token of the page after the one {@code parent} stands for: minted once, then returned
   * again on every replay of {@code parent}.
   */
  public synchronized String next(String parent, Cursor next, Instant now) {
    Entry entry = cursors.get(parent);
    if (entry != null && entry.next() != null && cursors.containsKey(entry.next())) {
      return entry.next();
    }
    String token = put(next, now);
    if (entry != null) {
      cursors.put(parent, new Entry(entry.cursor(), token));
    }
    return token;
  }

  private String put(Cursor cursor, Instant now) {
    evict(now);
    String token = ids.token();
    cursors.put(token, new Entry(cursor, null));
    byAge.addLast(token);
    return token;
  }

  private void evict(Instant now) {
    while (!byAge.isEmpty()) {
      String oldest = byAge.peekFirst();
      Entry entry = cursors.get(oldest);
      boolean expired = entry == null || !now.isBefore(entry.cursor().expiresAt());
      if (!expired && cursors.size() < MAX_CURSORS) {
        return;
      }
      byAge.pollFirst();
      cursors.remove(oldest);
    }
  }
}

package io.s64.batch;

import io.s64.job.Outcome;
import io.s64.Sixtyfour;
import io.s64.error.ApiException;
import io.s64.limits.RequestBudget;
import io.s64.limits.SearchSlots;
import io.s64.model.Page;
import io.s64.model.QueryRequest;
import io.s64.model.Row;
import io.s64.sink.RowSink;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Reads a query page by page with {@code expand} into the sink. While the sink writes a page, the
 * next one is fetched with its cursor, so a cursor is used as soon as it exists; a read normally
 * holds two pages, and a slow sink slows paging down. When the sink is still busy halfway through
 * a cursor's life ({@code cursor_expires_in_seconds}), the page after is fetched early, within the
 * run's read-ahead allowance, so a sink slower than a cursor lives does not cost a re-read per
 * page. Follow-up requests carry the cursor alone; only {@code has_more} false or a null cursor
 * ends the read. A cursor the server no longer accepts (expired) is replaced by reading again by
 * search id, skipping the rows already delivered.
 */
final class PageReader {
  /**
   * How often one job may start over after losing its cursor without delivering a new row in
   * between, before it gives up (a server that never accepts a cursor must not loop forever).
   */
  private static final int MAX_REQUERIES = 5;
  /** The API's largest page. */
  private static final int MAX_PAGE_SIZE = 100;
  /** The most pages one read holds fetched but not yet being written. */
  private static final int MAX_AHEAD_PER_READ = 16;
  /** A {@code held} value meaning the read is over: allowance taken late goes straight back. */
  private static final int CLOSED = Integer.MIN_VALUE;

  private final Sixtyfour client;
  private final RowSink sink;
  private final SearchSlots permits;
  private final ReadAhead readAhead;

  /**
   * @param permits at most this many reads of the run are open at once (each holds a cursor)
   * @param readAhead the run's allowance of pages fetched ahead of a slow sink
   */
  PageReader(Sixtyfour client, RowSink sink, SearchSlots permits, ReadAhead readAhead) {
    this.client = client;
    this.sink = sink;
    this.permits = permits;
    this.readAhead = readAhead;
  }

  /**
   * A page fetched: whether it took read-ahead allowance, the refusal of a cursor when it starts
   * the read over, and the signal that its write has begun.
   */
  private record Fetched(Page page, boolean ahead, @Nullable Throwable lostCursor,
      Sinks.Empty<Void> writing) {
    Fetched(Page page, boolean ahead, @Nullable Throwable lostCursor) {
      this(page, ahead, lostCursor, Sinks.empty());
    }
  }

  /**
   * Reads a query into the sink once one of the run's read permits is free, giving it back however
   * the read ends; resumes from the job's committed cursor when it has one.
   */
  Mono<Outcome> read(JobTracker job, QueryRequest first) {
    return Mono.usingWhen(permits.acquire(), permit -> new Read(job, first).pages(),
        PageReader::release, (permit, error) -> release(permit), PageReader::release);
  }

  private static Mono<Void> release(SearchSlots.Slot permit) {
    return Mono.fromRunnable(permit::release);
  }

  /** The server refused a cursor-only request: the cursor expired or is unknown. */
  private static boolean cursorLost(Throwable e) {
    return e instanceof ApiException api && (api.status() == 400 || api.status() == 404 || api.status() == 410);
  }

  /** One read of one job: what it has learned, and the allowance it holds. */
  private final class Read {
    private final JobTracker job;
    private final QueryRequest first;
    /** The search the rows come from: known at the start, or learned from the first page. */
    private volatile @Nullable String searchId;
    /** Read-ahead allowance this read holds, or CLOSED. */
    private final AtomicInteger held = new AtomicInteger();
    /** Starts over, in write order, since the last new row. */
    private final AtomicInteger restarts = new AtomicInteger();

    Read(JobTracker job, QueryRequest first) {
      this.job = job;
      this.first = first;
      this.searchId = job.progress().searchId();
    }

    Mono<Outcome> pages() {
      String cursor = job.progress().cursor();
      Mono<Fetched> firstPage;
      if (cursor != null) {
        job.continueFromCheckpoint();
        firstPage = next(cursor, false);
      } else {
        job.restartFromFirstRow();
        firstPage = client.query(first).map(page -> arrived(page, false, null));
      }
      // Pages are written in order; everything that depends on that order (skipping rows already
      // delivered, counting fruitless restarts) happens here, not where pages are fetched ahead.
      // An upstream failure (a page that cannot be fetched) waits for the write in progress, so
      // rows written are always rows counted.
      return firstPage
          .expand(this::successor)
          .concatMapDelayError(f -> {
            if (f.ahead() && held.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0) {
              readAhead.giveBack(1);
            }
            if (f.lostCursor() != null) {
              if (restarts.incrementAndGet() > MAX_REQUERIES) {
                return Mono.error(f.lostCursor()); // starting over keeps bringing nothing new
              }
              job.restartFromFirstRow();
            }
            Mono<Page> write = deliver(f.page());
            f.writing().tryEmitEmpty(); // only now may the page after it be fetched
            return write;
          }, false, MAX_AHEAD_PER_READ)
          .doFinally(signal -> {
            int n = held.getAndSet(CLOSED);
            if (n > 0) {
              readAhead.giveBack(n);
            }
          })
          .then(Mono.fromSupplier(job::completed));
    }

    /**
     * The page after {@code f}: fetched when {@code f}'s write begins, or earlier when half of its
     * cursor's life has passed and the run's read-ahead allowance has room.
     */
    private Mono<Fetched> successor(Fetched f) {
      Page page = f.page();
      if (!page.hasNext()) {
        return Mono.empty();
      }
      String cursor = Objects.requireNonNull(page.nextCursor());
      Mono<Boolean> writing = f.writing().asMono().thenReturn(false);
      Integer life = page.cursorExpiresInSeconds();
      Mono<Boolean> trigger = writing;
      if (life != null) {
        Mono<Boolean> halfLife = Mono.delay(Duration.ofMillis(Math.max(0, life) * 500L),
            client.scheduler()).thenReturn(true);
        trigger = Mono.firstWithValue(writing, halfLife).flatMap(early -> {
          if (!early) {
            return Mono.just(false);
          }
          if (!readAhead.take()) {
            return writing; // the allowance is spent: wait for the write after all
          }
          if (held.getAndUpdate(n -> n == CLOSED ? n : n + 1) == CLOSED) {
            readAhead.giveBack(1); // the read ended meanwhile
            return Mono.empty();
          }
          return Mono.just(true);
        });
      }
      return trigger.flatMap(ahead -> next(cursor, ahead));
    }

    /** The page a cursor leads to; when the cursor is refused, the first page again. */
    private Mono<Fetched> next(String cursor, boolean ahead) {
      return client.nextPage(cursor)
          .map(page -> arrived(page, ahead, null))
          .onErrorResume(PageReader::cursorLost, e -> client.query(again(), RequestBudget.Lane.CONTINUATION)
              .map(page -> arrived(page, ahead, e)));
    }

    private Fetched arrived(Page page, boolean ahead, @Nullable Throwable lostCursor) {
      if (searchId == null && page.searchId() != null) {
        searchId = page.searchId();
      }
      return new Fetched(page, ahead, lostCursor);
    }

    /**
     * The first page again: by the search id when known (what the API recommends), else as
     * asked; in pages of 100, the most the API serves, so walking back to where the read was takes
     * as few requests as possible (every request of that walk must come before the next cursor
     * expires). Rows are recognised by their key, so the page size may differ from the first
     * reading. The exclusions go again: a search id replays the query's shape only.
     */
    private QueryRequest again() {
      String id = searchId;
      QueryRequest again = first.source() == QueryRequest.Source.SEARCH_ID || id == null
          ? first
          : QueryRequest.searchId(id).withMaxResults(first.maxResults())
              .withExclusions(first.excludePublicIds(), first.excludeEntityIds(), first.excludeListIds());
      return again.withPageSize(MAX_PAGE_SIZE);
    }

    private Mono<Page> deliver(Page page) {
      List<Row> fresh = job.fresh(page.rows());
      if (!fresh.isEmpty()) {
        restarts.set(0); // progress: a later lost cursor may start over again
      }
      Mono<Void> write = fresh.isEmpty() ? Mono.empty() : sink.write(job.job(), fresh);
      boolean last = !page.hasNext();
      return write
          .then(Mono.defer(() -> job.commit(fresh, searchId, last ? null : page.nextCursor(), 0, last)))
          .thenReturn(page);
    }
  }
}

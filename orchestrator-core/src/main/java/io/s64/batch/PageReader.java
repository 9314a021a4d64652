package io.s64.batch;

import io.s64.error.ApiException;
import io.s64.error.AuthenticationException;
import io.s64.limits.Lane;
import io.s64.limits.SearchSlots;
import io.s64.model.Page;
import io.s64.model.QueryRequest;
import io.s64.model.Row;
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

  private PageReader() {}

  /** A {@code held} value meaning the read is over: allowance taken late goes straight back. */
  private static final int CLOSED = Integer.MIN_VALUE;

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

  /** Reads once one of the run's read permits is free, giving it back however the read ends. */
  static Mono<Outcome> read(Run run, JobRun jr, QueryRequest first) {
    return Mono.usingWhen(run.reads.acquire(), permit -> readPages(run, jr, first),
        permit -> release(permit), (permit, error) -> release(permit), permit -> release(permit));
  }

  private static Mono<Void> release(SearchSlots.Slot permit) {
    return Mono.fromRunnable(permit::release);
  }

  private static Mono<Outcome> readPages(Run run, JobRun jr, QueryRequest first) {
    Job.Resume resume = jr.job.resume();
    Mono<Fetched> firstPage;
    if (resume != null && resume.cursor() != null) {
      jr.continueFromCheckpoint();
      firstPage = next(run, jr, resume.cursor(), first, false);
    } else {
      jr.restartFromFirstRow();
      firstPage = run.client.query(first).map(page -> arrived(jr, page, false, null));
    }
    AtomicInteger held = new AtomicInteger(); // read-ahead allowance this read holds, or CLOSED
    AtomicInteger restarts = new AtomicInteger(); // starts over, in write order, since a new row
    // Pages are written in order; everything that depends on that order (skipping rows already
    // delivered, counting fruitless restarts) happens here, not where pages are fetched ahead. An
    // upstream failure (a page that cannot be fetched) waits for the write in progress, so rows
    // written are always rows counted.
    return firstPage
        .expand(f -> successor(run, jr, f, first, held))
        .concatMapDelayError(f -> {
          if (f.ahead() && held.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0) {
            run.returnReadAhead(1);
          }
          if (f.lostCursor() != null) {
            if (restarts.incrementAndGet() > MAX_REQUERIES) {
              return Mono.error(f.lostCursor()); // starting over keeps bringing nothing new
            }
            jr.restartFromFirstRow();
          }
          Mono<Page> write = deliver(run, jr, f.page(), restarts);
          f.writing().tryEmitEmpty(); // only now may the page after it be fetched
          return write;
        }, false, MAX_AHEAD_PER_READ)
        .doFinally(signal -> {
          int n = held.getAndSet(CLOSED);
          if (n > 0) {
            run.returnReadAhead(n);
          }
        })
        .then(Mono.fromSupplier(() -> jr.completed(run.now())));
  }

  /**
   * The page after {@code f}: fetched when {@code f}'s write begins, or earlier when half of its
   * cursor's life has passed and the run's read-ahead allowance has room.
   */
  private static Mono<Fetched> successor(Run run, JobRun jr, Fetched f, QueryRequest first,
      AtomicInteger held) {
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
          run.client.scheduler()).thenReturn(true);
      trigger = Mono.firstWithValue(writing, halfLife).flatMap(early -> {
        if (!early) {
          return Mono.just(false);
        }
        if (!run.takeReadAhead()) {
          return writing; // the allowance is spent: wait for the write after all
        }
        if (held.getAndUpdate(n -> n == CLOSED ? n : n + 1) == CLOSED) {
          run.returnReadAhead(1); // the read ended meanwhile
          return Mono.empty();
        }
        return Mono.just(true);
      });
    }
    return trigger.flatMap(ahead -> next(run, jr, cursor, first, ahead));
  }

  /** The page a cursor leads to; when the cursor is refused, the first page again. */
  private static Mono<Fetched> next(Run run, JobRun jr, String cursor, QueryRequest first,
      boolean ahead) {
    return run.client.nextPage(cursor)
        .map(page -> arrived(jr, page, ahead, null))
        .onErrorResume(PageReader::cursorLost, e -> run.client.query(again(jr, first), Lane.CONTINUATION)
            .map(page -> arrived(jr, page, ahead, e)));
  }

  private static Fetched arrived(JobRun jr, Page page, boolean ahead, @Nullable Throwable lostCursor) {
    if (jr.searchId == null && page.searchId() != null) {
      jr.searchId = page.searchId();
    }
    return new Fetched(page, ahead, lostCursor);
  }

  /**
   * The first page again: by the search id when known (what the API recommends), else as asked;
   * in pages of 100, the most the API serves, so walking back to where the read was takes as few
   * requests as possible (every request of that walk must come before the next cursor expires).
   * Rows are recognised by their key, so the page size may differ from the first reading. The
   * exclusions go again: a search id replays the query's shape only.
   */
  private static QueryRequest again(JobRun jr, QueryRequest first) {
    QueryRequest again = first.source() == QueryRequest.Source.SEARCH_ID || jr.searchId == null
        ? first
        : QueryRequest.searchId(jr.searchId).withMaxResults(first.maxResults())
            .withExclusions(first.excludePublicIds(), first.excludeEntityIds(), first.excludeListIds());
    return again.withPageSize(MAX_PAGE_SIZE);
  }

  /** The server refused a cursor-only request: the cursor expired or is unknown. */
  private static boolean cursorLost(Throwable e) {
    if (!(e instanceof ApiException) || e instanceof AuthenticationException) {
      return false;
    }
    int status = ((ApiException) e).status();
    return status == 400 || status == 404 || status == 410;
  }

  private static Mono<Page> deliver(Run run, JobRun jr, Page page, AtomicInteger restarts) {
    List<Row> fresh = jr.fresh(page.rows());
    if (!fresh.isEmpty()) {
      restarts.set(0); // progress: a later lost cursor may start over again
    }
    Mono<Void> write = fresh.isEmpty() ? Mono.empty() : run.sink.write(jr.job, fresh);
    return write
        .then(Mono.defer(() -> {
          jr.delivered(fresh);
          boolean last = !page.hasNext();
          return run.record(new BatchEvent.Committed(jr.job.id(), jr.searchId,
              last ? null : page.nextCursor(), 0, jr.rows, fresh.size(), last));
        }))
        .thenReturn(page);
  }
}

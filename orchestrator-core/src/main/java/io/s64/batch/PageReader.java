package io.s64.batch;

import io.s64.error.ApiException;
import io.s64.error.AuthenticationException;
import io.s64.limits.Lane;
import io.s64.model.Page;
import io.s64.model.QueryRequest;
import io.s64.model.Row;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/**
 * Reads a query page by page with {@code expand} into the sink. Each step writes a page's new rows
 * (and then commits its cursor) while it fetches the next page with that cursor, so a cursor is
 * used as soon as it exists, however slow the sink; the step ends when both are done. At most two
 * pages of a job are in memory, and a slow sink slows paging down. Follow-up requests carry the
 * cursor alone; only {@code has_more} false or a null cursor ends it. A cursor the server no
 * longer accepts (expired) is replaced by reading again by search id, skipping the rows already
 * delivered.
 */
final class PageReader {
  /**
   * How often one job may start over after losing its cursor without delivering a new row in
   * between, before it gives up (a server that never accepts a cursor must not loop forever).
   */
  private static final int MAX_REQUERIES = 5;

  private PageReader() {}

  static Mono<Outcome> read(Run run, JobRun jr, QueryRequest first) {
    Job.Resume resume = jr.job.resume();
    AtomicInteger requeries = new AtomicInteger();
    Mono<Page> firstPage;
    if (resume != null && resume.cursor() != null) {
      jr.continueFromCheckpoint();
      firstPage = next(run, jr, resume.cursor(), first, requeries);
    } else {
      jr.restartFromFirstRow();
      firstPage = run.client.query(first);
    }
    // Each page emitted is fetched but not yet written: its step writes it and fetches the next.
    // A failed fetch waits for the write in progress, so rows written are always rows counted.
    return firstPage
        .expand(page -> page.hasNext()
            ? Mono.zipDelayError(deliver(run, jr, page, requeries),
                    next(run, jr, Objects.requireNonNull(page.nextCursor()), first, requeries))
                .map(written -> written.getT2())
            : deliver(run, jr, page, requeries).then(Mono.empty()))
        .then(Mono.fromSupplier(() -> jr.completed(run.now())));
  }

  private static Mono<Page> next(Run run, JobRun jr, String cursor, QueryRequest first,
      AtomicInteger requeries) {
    return run.client.nextPage(cursor)
        .onErrorResume(e -> cursorLost(e) && requeries.incrementAndGet() <= MAX_REQUERIES, e -> {
          jr.restartFromFirstRow();
          return run.client.query(again(jr, first), Lane.CONTINUATION);
        });
  }

  /** The first page again: by the search id when known (what the API recommends), else as asked. */
  private static QueryRequest again(JobRun jr, QueryRequest first) {
    if (first.source() == QueryRequest.Source.SEARCH_ID || jr.searchId == null) {
      return first;
    }
    return QueryRequest.searchId(jr.searchId).withPageSize(first.pageSize())
        .withMaxResults(first.maxResults());
  }

  /** The server refused a cursor-only request: the cursor expired or is unknown. */
  private static boolean cursorLost(Throwable e) {
    if (!(e instanceof ApiException) || e instanceof AuthenticationException) {
      return false;
    }
    int status = ((ApiException) e).status();
    return status == 400 || status == 404 || status == 410;
  }

  private static Mono<Page> deliver(Run run, JobRun jr, Page page, AtomicInteger requeries) {
    if (jr.searchId == null && page.searchId() != null) {
      jr.searchId = page.searchId();
    }
    List<Row> fresh = jr.fresh(page.rows());
    if (!fresh.isEmpty()) {
      requeries.set(0); // progress: a later lost cursor may start over again
    }
    Mono<Void> write = fresh.isEmpty() ? Mono.empty() : run.sink.write(jr.job, fresh);
    return write
        .then(Mono.defer(() -> {
          jr.rows += fresh.size();
          boolean last = !page.hasNext();
          return run.record(new BatchEvent.Committed(jr.job.id(), jr.searchId,
              last ? null : page.nextCursor(), 0, jr.rows, fresh.size(), last));
        }))
        .thenReturn(page);
  }
}

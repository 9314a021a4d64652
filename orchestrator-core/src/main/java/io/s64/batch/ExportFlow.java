package io.s64.batch;

import io.s64.Sixtyfour;
import io.s64.error.ApiException;
import io.s64.job.BatchEvent;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.model.SearchStatus;
import io.s64.poll.PollSchedule;
import java.time.Duration;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * A CSV export of an existing search: start it (or attach to one already running), poll it in
 * the bulk lane, then read the file.
 *
 * <p>A 409 means an export of that search is already running. When its task is known (another job
 * of this batch started it, or another process did and told the {@link Batch.Registry}) the job
 * attaches and polls it; otherwise the job waits and asks again until the running export ends. It
 * never fails on a 409.
 *
 * <p>The batch remembers its exports in {@link ExportTasks}: a later job of the same search
 * attaches to one still running or reuses a completed one while its file may be downloaded; an
 * export that failed, or that a job failed on, is forgotten, so the next job starts a new one.
 */
final class ExportFlow implements Flow<Job.Export> {
  private static final int MAX_CONFLICT_WAITS = 120;

  private final Sixtyfour client;
  private final ExportTasks exports;
  private final Batch.Registry registry;
  private final Poller poller;
  private final PollSchedule schedule;
  private final CsvReader csv;
  private final LongFunction<Duration> conflictBackoff;
  private final CreditGuard credits;

  /** @param conflictBackoff the wait before asking again, n (0-based) times, after a 409 */
  ExportFlow(Sixtyfour client, ExportTasks exports, Batch.Registry registry, Poller poller,
      PollSchedule schedule, CsvReader csv, LongFunction<Duration> conflictBackoff,
      CreditGuard credits) {
    this.credits = credits;
    this.client = client;
    this.exports = exports;
    this.registry = registry;
    this.poller = poller;
    this.schedule = schedule;
    this.csv = csv;
    this.conflictBackoff = conflictBackoff;
  }

  @Override
  public @Nullable String dedupKey(Job.Export job) {
    return "export|" + job.searchId();
  }

  @Override
  public Mono<Outcome> run(Job.Export job, JobTracker tracker) {
    String searchId = job.searchId();
    String attachTo = tracker.progress().taskId();
    return tracker.record(new BatchEvent.Admitted(job.id(), job.kind(), searchId))
        .then(attachTo != null ? Mono.just(attachTo) : start(tracker, searchId))
        .flatMap(taskId -> poller.untilTerminal(tracker, taskId, client::exportStatus, Poller.SEARCH,
                schedule, attachTo != null)
            .doOnNext(status -> exports.ended(searchId, taskId, status))
            .flatMap(status -> quietly(registry.exportEnded(searchId, taskId, reusable(status)))
                .thenReturn(status))
            .flatMap(status -> results(tracker, status))
            // A job that fails on this export (it cannot be polled, its file cannot be read)
            // leaves nothing for a later job to reuse.
            .doOnError(e -> exports.forget(searchId, taskId))
            .onErrorResume(e -> quietly(registry.exportEnded(searchId, taskId, false))
                .then(Mono.error(e))));
  }

  private static boolean reusable(SearchStatus status) {
    return status.state() == SearchStatus.State.COMPLETED && status.resourceHandleId() != null;
  }

  /** The registry is advice: when it cannot answer, the job goes on with what it knows. */
  private static <T> Mono<T> quietly(Mono<T> shared) {
    return shared.onErrorResume(e -> Mono.empty());
  }

  private Mono<Outcome> results(JobTracker tracker, SearchStatus status) {
    if (status.state() == SearchStatus.State.FAILED) {
      String error = status.error() == null || status.error().isBlank()
          ? "the search failed and the server gave no reason" : status.error();
      return Mono.fromSupplier(() -> tracker.searchFailed(error));
    }
    if (tracker.progress().complete()) {
      return Mono.fromSupplier(tracker::completed);
    }
    String rh = status.resourceHandleId();
    if (rh == null) {
      return Mono.fromSupplier(() -> tracker.searchFailed(
          "the export completed without a resource_handle_id"));
    }
    return csv.read(tracker, rh);
  }

  private Mono<String> start(JobTracker tracker, String searchId) {
    return Mono.defer(() -> {
          String usable = exports.usable(searchId);
          if (usable != null) {
            return Mono.just(usable);
          }
          // Another process's export of the search (after a 409, the likely cause of it).
          return quietly(registry.exportTask(searchId))
              .doOnNext(taskId -> exports.started(searchId, taskId))
              .switchIfEmpty(Mono.defer(() -> credits.admit().then(client.export(searchId))
                  .flatMap(task -> {
                exports.started(searchId, task.taskId());
                return quietly(registry.exportStarted(searchId, task.taskId()))
                    .thenReturn(task.taskId());
              })));
        })
        .retryWhen(Retry.from(signals -> signals.concatMap(s -> conflict(s.failure())
                && s.totalRetriesInARow() < MAX_CONFLICT_WAITS
            ? Mono.delay(s.totalRetriesInARow() == 0 ? Duration.ZERO
                : conflictBackoff.apply(s.totalRetriesInARow() - 1), client.scheduler())
            : Mono.error(s.failure()))))
        .flatMap(taskId -> tracker.record(new BatchEvent.Started(tracker.id(), taskId, searchId))
            .thenReturn(taskId));
  }

  private static boolean conflict(Throwable e) {
    return e instanceof ApiException api && api.status() == 409;
  }
}

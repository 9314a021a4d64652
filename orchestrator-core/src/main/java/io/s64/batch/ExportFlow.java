package io.s64.batch;

import io.s64.error.ApiException;
import io.s64.model.SearchStatus;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * A CSV export of an existing search: start it (or attach to one already running), poll it in
 * the bulk lane, then read the file like a search's CSV.
 *
 * <p>A 409 means an export of that search is already running. When its task is known (another job
 * of this process started it) the job attaches and polls it; otherwise the job waits and asks
 * again until the running export ends. It never fails on a 409.
 *
 * <p>The batch remembers its exports in {@link ExportTasks}: a later job of the same search
 * attaches to one still running or reuses a completed one while its file may be downloaded; an
 * export that failed, or that a job failed on, is forgotten, so the next job starts a new one.
 */
final class ExportFlow {
  private static final int MAX_CONFLICT_WAITS = 120;

  private ExportFlow() {}

  static Mono<Outcome> run(Run run, JobRun jr) {
    String searchId = jr.job.exportSearchId();
    jr.searchId = searchId;
    boolean attach = jr.taskId != null;
    return run.record(new BatchEvent.Admitted(jr.job.id(), Job.Kind.EXPORT, searchId))
        .then(attach ? Mono.just(jr.taskId) : start(run, jr, searchId))
        .flatMap(taskId -> Polling.untilTerminal(run, jr, taskId, run.client::exportStatus,
                run.settings.exportPoll(), attach)
            .doOnNext(status -> run.exportTasks.ended(searchId, taskId, status))
            .flatMap(status -> results(run, jr, status))
            // A job that fails on this export (it cannot be polled, its file cannot be read)
            // leaves nothing for a later job to reuse.
            .doOnError(e -> run.exportTasks.forget(searchId, taskId)));
  }

  private static Mono<Outcome> results(Run run, JobRun jr, SearchStatus status) {
    if (status.state() == SearchStatus.State.FAILED) {
      return Results.read(run, jr, status, 1);
    }
    Job.Resume resume = jr.job.resume();
    if (resume != null && resume.complete()) {
      return Mono.fromSupplier(() -> jr.completed(run.now()));
    }
    String rh = status.resourceHandleId();
    if (rh == null) {
      return Mono.fromSupplier(() -> jr.searchFailed(
          "the export completed without a resource_handle_id", run.now()));
    }
    return CsvReader.read(run, jr, rh);
  }

  private static Mono<String> start(Run run, JobRun jr, String searchId) {
    return Mono.defer(() -> {
          String usable = run.exportTasks.usable(searchId);
          if (usable != null) {
            return Mono.just(usable);
          }
          return run.client.export(searchId).map(task -> {
            run.exportTasks.started(searchId, task.taskId());
            return task.taskId();
          });
        })
        .retryWhen(Retry.from(signals -> signals.concatMap(s -> conflict(s.failure())
                && s.totalRetriesInARow() < MAX_CONFLICT_WAITS
            ? Mono.delay(s.totalRetriesInARow() == 0 ? Duration.ZERO : run.busyBackoff(s.totalRetriesInARow() - 1),
                run.client.scheduler())
            : Mono.error(s.failure()))))
        .flatMap(taskId -> {
          jr.taskId = taskId;
          jr.startedAt = run.now();
          return run.record(new BatchEvent.Started(jr.job.id(), taskId, searchId)).thenReturn(taskId);
        });
  }

  private static boolean conflict(Throwable e) {
    return e instanceof ApiException && ((ApiException) e).status() == 409;
  }
}

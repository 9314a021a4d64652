package io.s64.batch;

import io.s64.error.S64Exception;
import io.s64.model.AsyncJob;
import io.s64.model.JobStatus;
import io.s64.model.Row;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * People or company intelligence: start the asynchronous job, poll {@code /job-status} on the
 * enrichment schedule (no search slot is held), and deliver its result as one row.
 *
 * <p>These starts have no idempotency key. When an answer is lost or ambiguous (a timeout, a
 * reset, an unreadable 200, a 500, 502 or 504), or an earlier run stopped between sending a start
 * and recording its task id, the job may be running (and billed) already; it is then reported as
 * {@link Outcome.Failure.Reason#START_UNCERTAIN} instead of being sent again. Only failures that
 * prove nothing was done (a 429, a 503, a refused connection) are retried, by the client.
 */
final class EnrichmentFlow {
  private EnrichmentFlow() {}

  static Mono<Outcome> run(Run run, JobRun jr) {
    Job job = jr.job;
    boolean attach = jr.taskId != null;
    if (!attach && job.resume() != null && job.resume().admitted()) {
      return Mono.fromSupplier(() -> jr.startUncertain("an earlier run may have started this job"
          + " before it stopped (no task id was recorded); it is not started again, to avoid paying"
          + " twice", run.now()));
    }
    return run.record(new BatchEvent.Admitted(job.id(), job.kind(), null))
        .then(attach ? Mono.just(jr.taskId) : start(run, jr))
        .flatMap(taskId -> Polling.untilTerminal(run, jr, taskId, run.client::jobStatus,
            Polling.JOB, run.settings.enrichmentPoll(), attach))
        .flatMap(status -> status.state() == JobStatus.State.COMPLETED
            ? deliver(run, jr, status)
            : Mono.fromSupplier(() -> jr.jobFailed("the job ended " + status.status()
                + (status.error() == null ? "" : ": " + status.error()), run.now())));
  }

  private static Mono<String> start(Run run, JobRun jr) {
    Mono<AsyncJob> start = jr.job.kind() == Job.Kind.PEOPLE_INTELLIGENCE
        ? run.client.startPeopleIntelligence(jr.job.people())
        : run.client.startCompanyIntelligence(jr.job.company());
    return start
        .onErrorMap(EnrichmentFlow::uncertain, e -> new UncertainStart(e))
        .flatMap(task -> {
          jr.taskId = task.taskId();
          jr.startedAt = run.now();
          return run.record(new BatchEvent.Started(jr.job.id(), task.taskId(), null))
              .thenReturn(task.taskId());
        });
  }

  /**
   * A failure of a start after which the server may have acted on it: its answer was lost, or was
   * an error that does not prove nothing was done.
   */
  private static boolean uncertain(Throwable e) {
    return e instanceof S64Exception && ((S64Exception) e).isRetryable()
        && !io.s64.internal.Caller.certainlyNotActedOn(e);
  }

  private static Mono<Outcome> deliver(Run run, JobRun jr, JobStatus status) {
    List<Row> fresh = jr.fresh(List.of(row(jr.taskId, status)));
    Mono<Void> write = fresh.isEmpty() ? Mono.empty() : run.sink.write(jr.job, fresh);
    return write
        .then(Mono.defer(() -> {
          jr.delivered(fresh);
          return run.record(new BatchEvent.Committed(jr.job.id(), null, null, 0, jr.rows, fresh.size(), true));
        }))
        .then(Mono.fromSupplier(() -> jr.completed(run.now())));
  }

  /** The result row: task id, status and type, then the result's fields (or its list as results). */
  @SuppressWarnings("unchecked")
  static Row row(@Nullable String taskId, JobStatus status) {
    Map<String, @Nullable Object> fields = new LinkedHashMap<>();
    fields.put("task_id", taskId);
    fields.put("status", status.status());
    fields.put("task_type", status.taskType());
    Object result = status.result();
    if (result instanceof Map) {
      fields.putAll((Map<String, @Nullable Object>) result);
    } else if (result != null) {
      fields.put("results", result);
    }
    if (status.chargeAmount() != null) {
      fields.put("charge_amount", status.chargeAmount());
    }
    if (status.chargeCredits() != null) {
      fields.put("charge_credits", status.chargeCredits());
    }
    return Row.of(fields);
  }

  /** Carries a start failure whose effect on the server is unknown. */
  static final class UncertainStart extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UncertainStart(Throwable cause) {
      super("the start's outcome is unknown (" + cause.getMessage() + "); the job may be running"
          + " already and is not started again, to avoid paying twice", cause, false, false);
    }
  }
}

package io.s64.batch;

import io.s64.Sixtyfour;
import io.s64.error.S64Exception;
import io.s64.internal.Caller;
import io.s64.internal.Json;
import io.s64.job.BatchEvent;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.model.Task;
import io.s64.model.JobStatus;
import io.s64.model.Row;
import io.s64.poll.PollSchedule;
import io.s64.sink.RowSink;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * People or company intelligence: start the asynchronous job, poll {@code /job-status} on the
 * enrichment schedule (no search slot is held), and deliver its result as one row.
 *
 * <p>These starts have no idempotency key. When an answer is lost, or is an error that does not
 * prove nothing was done, or an earlier run stopped between sending a start and recording its
 * task id, the job may be running (and billed) already; it is then reported as {@link
 * Outcome.Failure.Reason#START_UNCERTAIN} instead of being sent again.
 *
 * @param <J> {@link Job.PeopleIntelligence} or {@link Job.CompanyIntelligence}
 */
final class EnrichmentFlow<J extends Job> implements Flow<J> {
  private final String kind;
  private final Function<J, Object> request;
  private final Function<J, Mono<Task>> start;
  private final Sixtyfour client;
  private final Poller poller;
  private final PollSchedule schedule;
  private final RowSink sink;
  private final CreditGuard credits;

  /**
   * @param kind the name that sets this kind's requests apart in dedup keys
   * @param request the job's request, for dedup
   * @param start the start of a job's research
   */
  EnrichmentFlow(String kind, Function<J, Object> request, Function<J, Mono<Task>> start,
      Sixtyfour client, Poller poller, PollSchedule schedule, RowSink sink, CreditGuard credits) {
    this.credits = credits;
    this.kind = kind;
    this.request = request;
    this.start = start;
    this.client = client;
    this.poller = poller;
    this.schedule = schedule;
    this.sink = sink;
  }

  @Override
  public @Nullable String dedupKey(J job) {
    return kind + "|" + Json.canonical(request.apply(job));
  }

  @Override
  public Mono<Outcome> run(J job, JobTracker tracker) {
    Job.Progress progress = tracker.progress();
    String attachTo = progress.taskId();
    if (attachTo == null && progress.admitted()) {
      return Mono.fromSupplier(() -> tracker.startUncertain("an earlier run may have started this job"
          + " before it stopped (no task id was recorded); it is not started again, to avoid paying"
          + " twice"));
    }
    // The credit check comes before Admitted: a resumed run takes a job admitted without a task
    // for one whose start may have been sent.
    return (attachTo == null ? credits.admit() : Mono.<Void>empty())
        .then(Mono.defer(() -> tracker.record(new BatchEvent.Admitted(job.id(), job.kind(), null))))
        .then(attachTo != null ? Mono.just(attachTo) : start(job, tracker))
        .flatMap(taskId -> poller.untilTerminal(tracker, taskId, client::jobStatus, Poller.JOB,
            schedule, attachTo != null))
        .flatMap(status -> status.state() == JobStatus.State.COMPLETED
            ? deliver(tracker, status)
            : Mono.fromSupplier(() -> tracker.jobFailed("the job ended " + status.status()
                + (status.error() == null ? "" : ": " + status.error()))));
  }

  private Mono<String> start(J job, JobTracker tracker) {
    return Mono.defer(() -> start.apply(job))
        .onErrorMap(EnrichmentFlow::uncertain, UncertainStartException::new)
        .flatMap(task -> tracker.record(new BatchEvent.Started(tracker.id(), task.taskId(), null))
            .thenReturn(task.taskId()));
  }

  /**
   * A failure of a start after which the server may have acted on it: its answer was lost, or was
   * an error that does not prove nothing was done.
   */
  private static boolean uncertain(Throwable e) {
    return e instanceof S64Exception s && s.isRetryable() && !Caller.certainlyNotActedOn(e);
  }

  private Mono<Outcome> deliver(JobTracker tracker, JobStatus status) {
    List<Row> fresh = tracker.fresh(List.of(row(tracker.progress().taskId(), status)));
    Mono<Void> write = fresh.isEmpty() ? Mono.empty() : sink.write(tracker.job(), fresh);
    return write
        .then(Mono.defer(() -> tracker.commit(fresh, null, null, 0, true)))
        .then(Mono.fromSupplier(tracker::completed));
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
}

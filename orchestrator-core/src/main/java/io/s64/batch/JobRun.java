package io.s64.batch;

import io.s64.batch.Outcome.Failure;
import io.s64.batch.Outcome.Status;
import io.s64.error.ApiException;
import io.s64.error.AuthenticationException;
import io.s64.error.S64Exception;
import io.s64.internal.Redactor;
import io.s64.model.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * One job on its way through a batch: what is known so far (task, search, times, rows) and the
 * outcome it ends in. A job's steps run one after another, so the fields need visibility, not
 * locking.
 */
final class JobRun {
  private static final Redactor URLS = new Redactor("");

  final Job job;
  final Instant admittedAt;
  final LongAdder requests = new LongAdder();
  private final Set<String> delivered = new HashSet<>();
  volatile @Nullable String taskId;
  volatile @Nullable String searchId;
  volatile @Nullable Instant startedAt;
  volatile @Nullable Instant terminalAt;
  volatile long rows;
  /** What dedup decided for this job: lead its request, or wait for the same one. */
  volatile Dedup.@Nullable Claim dedup;
  /** Rows of an earlier run known only by count: skipped positionally when reading from the start. */
  private long positionalSkip;

  JobRun(Job job, Instant admittedAt) {
    this.job = job;
    this.admittedAt = admittedAt;
    Job.Resume r = job.resume();
    if (r != null) {
      taskId = r.taskId();
      searchId = r.searchId();
      delivered.addAll(r.deliveredKeys());
      rows = Math.max(r.rowsDelivered(), r.deliveredKeys().size());
      positionalSkip = r.deliveredKeys().isEmpty() ? r.rowsDelivered() : 0;
    }
  }

  /** Reading starts over from the first row: skip, by position, rows known only by count. */
  synchronized void restartFromFirstRow() {
    Job.Resume r = job.resume();
    positionalSkip = r != null && r.deliveredKeys().isEmpty() ? r.rowsDelivered() : 0;
  }

  /** Reading continues from a cursor or offset: no positional skipping applies. */
  synchronized void continueFromCheckpoint() {
    positionalSkip = 0;
  }

  /**
   * The rows of {@code page} not delivered before, each once. Nothing is remembered as delivered
   * here (only {@link #delivered} does that, once the sink has taken the rows), so rows whose
   * write never completed come back as fresh when they are read again. Rows skipped by position
   * were delivered by an earlier run and are remembered at once.
   */
  synchronized List<Row> fresh(List<Row> page) {
    List<Row> out = new ArrayList<>(page.size());
    Set<String> inPage = new HashSet<>();
    for (Row row : page) {
      if (positionalSkip > 0) {
        positionalSkip--;
        delivered.add(row.key());
        continue;
      }
      if (!delivered.contains(row.key()) && inPage.add(row.key())) {
        out.add(row);
      }
    }
    return out;
  }

  /** Remembers rows the sink has acknowledged: they count, and are never delivered again. */
  synchronized void delivered(List<Row> rows) {
    for (Row row : rows) {
      delivered.add(row.key());
    }
    this.rows += rows.size();
  }

  private Outcome outcome(Status status, @Nullable Failure failure, @Nullable String duplicateOf,
      @Nullable String message, Instant now) {
    return new Outcome(job.id(), job.kind(), status, rows, taskId, searchId, failure, duplicateOf, message,
        admittedAt, startedAt, terminalAt, now, requests.sum());
  }

  Outcome completed(Instant now) {
    return outcome(Status.COMPLETED, null, null, null, now);
  }

  Outcome invalid(String problem, Instant now) {
    return outcome(Status.INVALID, null, null, problem, now);
  }

  Outcome duplicate(String of, Instant now) {
    return outcome(Status.DUPLICATE, null, of, "same request as job " + of, now);
  }

  /**
   * The outcome of a job that waited for {@code original}, which asked the same: a duplicate of it
   * when it completed, else its status, failure and message. The rows are the original's.
   */
  Outcome following(Outcome original, Instant now) {
    if (original.status() == Status.COMPLETED) {
      return duplicate(original.jobId(), now);
    }
    return outcome(original.status(), original.failure(), original.jobId(), original.message(), now);
  }

  /** Cancelled; a job that was waiting for another still names it. */
  Outcome cancelled(String why, Instant now) {
    Dedup.Claim claim = dedup;
    String of = claim instanceof Dedup.Follows f ? f.flight().original() : null;
    return outcome(Status.CANCELLED, null, of, why, now);
  }

  /**
   * Whether this job certainly sent nothing that could have started work on the server: no
   * request of it was ever let out by the budget, and no earlier run took it up.
   */
  boolean sentNothing() {
    return requests.sum() == 0 && job.resume() == null;
  }

  Outcome timedOut(String why, Instant now) {
    return outcome(Status.TIMED_OUT, null, null, why, now);
  }

  Outcome searchFailed(String error, Instant now) {
    return outcome(Status.FAILED, new Failure(Failure.Reason.SEARCH_FAILED, 0, error), null, null, now);
  }

  Outcome jobFailed(String detail, Instant now) {
    return outcome(Status.FAILED, new Failure(Failure.Reason.JOB_FAILED, 0, detail), null, null, now);
  }

  Outcome startUncertain(String detail, Instant now) {
    return outcome(Status.FAILED, new Failure(Failure.Reason.START_UNCERTAIN, 0, detail), null, null, now);
  }

  /** The outcome of an error that ended the job. */
  Outcome failed(Throwable e, Instant now) {
    if (e instanceof PollDeadlineException) {
      return timedOut(e.getMessage(), now);
    }
    if (e instanceof EnrichmentFlow.UncertainStart) {
      return startUncertain(URLS.clean(String.valueOf(e.getMessage())), now);
    }
    Failure failure;
    if (e instanceof ApiException && !((S64Exception) e).isRetryable()) {
      ApiException a = (ApiException) e;
      failure = new Failure(Failure.Reason.API_ERROR, a.status(), a.detail());
    } else if (e instanceof S64Exception && ((S64Exception) e).isRetryable()) {
      int status = e instanceof ApiException ? ((ApiException) e).status() : 0;
      failure = new Failure(Failure.Reason.RETRIES_EXHAUSTED, status, URLS.clean(String.valueOf(e.getMessage())));
    } else {
      failure = new Failure(Failure.Reason.INTERNAL, 0,
          URLS.clean(e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
    return outcome(Status.FAILED, failure, null, null, now);
  }

  static boolean stopsTheBatch(Throwable e) {
    return e instanceof AuthenticationException;
  }
}

package io.s64.batch;

import io.s64.error.ApiException;
import io.s64.error.S64Exception;
import io.s64.internal.Redactor;
import io.s64.job.BatchEvent;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.job.Outcome.Failure;
import io.s64.job.Outcome.Status;
import io.s64.model.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * One job on its way through a run, and the one owner of what is known about it. Its {@link
 * Job.Progress} (search id, task id, cursor, rows, byte offset, terminal status) changes only when
 * the job records an event: the value the journal keeps and the value the job runs on are advanced
 * by the same {@link BatchEvent}s, and a resumed job starts from the value its journal replays to.
 * Besides it: the times of the job's steps, the requests sent for it, the keys of the rows it has
 * delivered, and the outcome it ends in.
 */
final class JobTracker {
  private static final Redactor URLS = new Redactor("");

  private final Job job;
  private final Recorder recorder;
  private final Supplier<Instant> clock;
  private final Instant admittedAt;
  private final LongAdder requests = new LongAdder();
  private final Set<String> delivered = new HashSet<>();
  private volatile Job.Progress progress;
  private volatile @Nullable Instant startedAt;
  private volatile @Nullable Instant terminalAt;
  /** Rows of an earlier run known only by count: skipped positionally when reading from the start. */
  private long positionalSkip;

  JobTracker(Job job, Recorder recorder, Supplier<Instant> clock) {
    this.job = job;
    this.recorder = recorder;
    this.clock = clock;
    this.admittedAt = clock.get();
    Job.Resume r = job.resume();
    if (r == null) {
      progress = Job.Progress.NONE;
    } else {
      long known = Math.max(r.progress().rows(), r.deliveredKeys().size());
      progress = r.progress().withRows(known);
      delivered.addAll(r.deliveredKeys());
      positionalSkip = r.deliveredKeys().isEmpty() ? r.progress().rows() : 0;
    }
  }

  Job job() {
    return job;
  }

  String id() {
    return job.id();
  }

  /** Where the job stands. */
  Job.Progress progress() {
    return progress;
  }

  Instant now() {
    return clock.get();
  }

  /** When the server acknowledged the job's task in this run, or null. */
  @Nullable Instant startedAt() {
    return startedAt;
  }

  /** The counter of requests sent for this job, for the client's request counting. */
  LongAdder requests() {
    return requests;
  }

  /** Whether an earlier run of the journal left this job where it is (it was taken up before). */
  boolean resumed() {
    return job.resume() != null;
  }

  /**
   * Records an event of this job: it advances the job's progress, reaches progress subscribers and
   * the journal; completes once the journal has it.
   */
  Mono<Void> record(BatchEvent event) {
    advance(event);
    return recorder.record(event);
  }

  /** An event for progress subscribers only (a poll), which changes nothing the journal keeps. */
  void emit(BatchEvent event) {
    recorder.emit(event);
  }

  private synchronized void advance(BatchEvent event) {
    progress = progress.apply(event);
    if (event instanceof BatchEvent.Started) {
      startedAt = clock.get();
    } else if (event instanceof BatchEvent.Terminal) {
      terminalAt = clock.get();
    }
  }

  /** Reading starts over from the first row: skip, by position, rows known only by count. */
  synchronized void restartFromFirstRow() {
    Job.Resume r = job.resume();
    positionalSkip = r != null && r.deliveredKeys().isEmpty() ? r.progress().rows() : 0;
  }

  /** Reading continues from a cursor or offset: no positional skipping applies. */
  synchronized void continueFromCheckpoint() {
    positionalSkip = 0;
  }

  /**
   * The rows of {@code page} not delivered before, each once. Nothing is remembered as delivered
   * here (only {@link #commit} does that, once the sink has taken the rows), so rows whose write
   * never completed come back as fresh when they are read again. Rows skipped by position were
   * delivered by an earlier run and are remembered at once.
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

  /**
   * The sink has acknowledged {@code rows}: they count, are never delivered again, and the
   * checkpoint after them is recorded.
   *
   * @param searchId the search the rows came from, when the reader learned it
   * @param cursor the cursor of the next page, or null
   * @param byteOffset for CSV files, the byte after the last row, else 0
   * @param last nothing follows
   */
  Mono<Void> commit(List<Row> rows, @Nullable String searchId, @Nullable String cursor,
      long byteOffset, boolean last) {
    long soFar;
    synchronized (this) {
      for (Row row : rows) {
        delivered.add(row.key());
      }
      soFar = progress.rows() + rows.size();
    }
    return record(new BatchEvent.Committed(job.id(), searchId != null ? searchId : progress.searchId(),
        cursor, byteOffset, soFar, rows.size(), last));
  }

  private Outcome outcome(Status status, @Nullable Failure failure, @Nullable String duplicateOf,
      @Nullable String message) {
    Job.Progress p = progress;
    return new Outcome(job.id(), job.kind(), status, p.rows(), p.taskId(), p.searchId(), failure,
        duplicateOf, message, admittedAt, startedAt, terminalAt, clock.get(), requests.sum());
  }

  Outcome completed() {
    return outcome(Status.COMPLETED, null, null, null);
  }

  /** Completed, with a note such as the workflow runs that delivered the rows. */
  Outcome completed(String message) {
    return outcome(Status.COMPLETED, null, null, message);
  }

  /** Failed for {@code reason} (a workflow run that failed or stalled), with a note. */
  Outcome failed(Failure.Reason reason, String detail, @Nullable String message) {
    return outcome(Status.FAILED, new Failure(reason, 0, URLS.clean(detail)), null, message);
  }

  Outcome invalid(String problem) {
    return outcome(Status.INVALID, null, null, problem);
  }

  /** A duplicate of {@code of}, or of an earlier job too far back to be named when null. */
  Outcome duplicate(@Nullable String of) {
    return outcome(Status.DUPLICATE, null, of, of != null
        ? "same request as job " + of
        : "same request as an earlier job of this run (too far back to name)");
  }

  /**
   * The outcome of a job that waited for {@code original}, which asked the same: a duplicate of it
   * when it completed, else its status, failure and message. The rows are the original's.
   */
  Outcome following(Outcome original) {
    if (original.status() == Status.COMPLETED) {
      return duplicate(original.jobId());
    }
    return outcome(original.status(), original.failure(), original.jobId(), original.message());
  }

  /** Cancelled; a job that was waiting for another still names it ({@code waitingFor}). */
  Outcome cancelled(String why, @Nullable String waitingFor) {
    return outcome(Status.CANCELLED, null, waitingFor, why);
  }

  /** Cancelled before any paid start because the run admits no more paid work. */
  Outcome creditStopped(CreditStopException e) {
    return outcome(Status.CANCELLED, new Failure(e.reason(), e.status(), String.valueOf(e.getMessage())),
        null, e.getMessage());
  }

  Outcome timedOut(String why) {
    return outcome(Status.TIMED_OUT, null, null, why);
  }

  Outcome searchFailed(String error) {
    return outcome(Status.FAILED, new Failure(Failure.Reason.SEARCH_FAILED, 0, error), null, null);
  }

  Outcome jobFailed(String detail) {
    return outcome(Status.FAILED, new Failure(Failure.Reason.JOB_FAILED, 0, detail), null, null);
  }

  Outcome startUncertain(String detail) {
    return outcome(Status.FAILED, new Failure(Failure.Reason.START_UNCERTAIN, 0, detail), null, null);
  }

  /**
   * Whether this job certainly sent nothing that could have started work on the server: no
   * request of it was ever let out by the budget, and no earlier run took it up.
   */
  boolean sentNothing() {
    return requests.sum() == 0 && job.resume() == null;
  }

  /** The outcome of an error that ended the job. */
  Outcome failed(Throwable e) {
    if (e instanceof PollDeadlineException) {
      return timedOut(String.valueOf(e.getMessage()));
    }
    if (e instanceof UncertainStartException) {
      return startUncertain(URLS.clean(String.valueOf(e.getMessage())));
    }
    Failure failure;
    if (e instanceof ApiException api && !api.isRetryable()) {
      failure = new Failure(Failure.Reason.API_ERROR, api.status(), api.detail());
    } else if (e instanceof S64Exception s && s.isRetryable()) {
      int status = e instanceof ApiException api ? api.status() : 0;
      failure = new Failure(Failure.Reason.RETRIES_EXHAUSTED, status, URLS.clean(String.valueOf(e.getMessage())));
    } else {
      failure = new Failure(Failure.Reason.INTERNAL, 0,
          URLS.clean(e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
    return outcome(Status.FAILED, failure, null, null);
  }

  /** Whether an error means the whole run must stop: the key itself was refused. */
  static boolean stopsTheBatch(Throwable e) {
    return e instanceof ApiException api && api.isAuthentication();
  }
}

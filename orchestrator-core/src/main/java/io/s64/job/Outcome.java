package io.s64.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a job ended. Every job of a batch ends in exactly one outcome.
 *
 * @param jobId the job
 * @param kind what the job was
 * @param status how it ended
 * @param rows rows delivered to the sink (0 for a duplicate: the rows are its original's)
 * @param taskId the deep-search or export task, when one was started (kept for {@code
 *     timed_out}, so a later run can re-attach)
 * @param searchId the search the rows came from, when known
 * @param failure why it failed, for {@link Status#FAILED}; for {@link Status#CANCELLED}, set only
 *     when the run stopped admitting paid work ({@link Failure.Reason#INSUFFICIENT_CREDITS},
 *     {@link Failure.Reason#CREDIT_LIMIT})
 * @param duplicateOf the job this one duplicates: for {@link Status#DUPLICATE}, and for a job that
 *     waited for an identical one which then failed, timed out or was cancelled (it ends with that
 *     job's status, failure and message); null for a duplicate of a job completed too far back in
 *     the run to be named (see {@code Batch.Builder.dedupCapacity}), whose message says so
 * @param message what was wrong ({@code invalid}) or why it stopped ({@code cancelled}, {@code
 *     timed_out}), else null
 * @param admittedAt when the batch took the job
 * @param startedAt when the search or export was acknowledged, or null
 * @param terminalAt when its terminal status was seen, or null
 * @param finishedAt when the outcome was decided
 * @param requests HTTP requests sent for this job, retries included
 */
public record Outcome(
    String jobId,
    Job.Kind kind,
    Status status,
    long rows,
    @Nullable String taskId,
    @Nullable String searchId,
    @Nullable Failure failure,
    @Nullable String duplicateOf,
    @Nullable String message,
    Instant admittedAt,
    @Nullable Instant startedAt,
    @Nullable Instant terminalAt,
    Instant finishedAt,
    long requests) {

  /** How a job ended. */
  public enum Status {
    COMPLETED,
    FAILED,
    TIMED_OUT,
    DUPLICATE,
    INVALID,
    CANCELLED;

    /** The name used in files: {@code completed}, {@code timed_out}, ... */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Why a job failed, or why a job was cancelled for want of credits.
   *
   * @param reason the kind of failure
   * @param status the HTTP status for {@link Reason#API_ERROR} and a last error with a status, else 0
   * @param detail the server's detail, the search's error text, or the last error's message
   */
  public record Failure(Reason reason, int status, String detail) {
    /** The kinds of failure. */
    public enum Reason {
      /** The API rejected a request (4xx other than 429). */
      API_ERROR,
      /** Transient failures outlasted the retry policy. */
      RETRIES_EXHAUSTED,
      /** The search or export itself ended in {@code failed}; the detail is the server's error. */
      SEARCH_FAILED,
      /**
       * The enrichment job ended failed, cancelled, terminated or timed out on the server; the
       * detail names the status and the server's error.
       */
      JOB_FAILED,
      /**
       * A start that has no idempotency key may have reached the server (its answer was lost, or
       * was an error such as a 500, 502 or 504 that does not prove nothing was done, or an earlier
       * run stopped right after sending it). It is not sent again, so nothing is paid for twice;
       * check the job yourself or run it again explicitly.
       */
      START_UNCERTAIN,
      /**
       * For a {@code cancelled} job: the API refused a start with 402 (insufficient credits), so
       * the run stopped admitting paid work and this job was not started.
       */
      INSUFFICIENT_CREDITS,
      /**
       * For a {@code cancelled} job: the run had spent its credit limit ({@code
       * Batch.Builder.maxCredits}), so it stopped admitting paid work and this job was not
       * started.
       */
      CREDIT_LIMIT,
      /**
       * A workflow run ended {@code failed} or {@code cancelled}; the detail names the run and
       * each failed block with its {@code error_message}.
       */
      RUN_FAILED,
      /**
       * A workflow run made no progress for the stall timeout; it was cancelled. The detail names
       * the run.
       */
      STALLED,
      /** Something else went wrong (a bug or an unexpected response shape). */
      INTERNAL
    }

    public Failure {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }

  public Outcome {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(admittedAt, "admittedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
  }

  /** Whether the job delivered what it was asked for (completed, or a duplicate of a job that did). */
  public boolean isSuccess() {
    return status == Status.COMPLETED || status == Status.DUPLICATE;
  }

  /** From admission to the outcome. */
  public Duration elapsed() {
    return Duration.between(admittedAt, finishedAt);
  }
}

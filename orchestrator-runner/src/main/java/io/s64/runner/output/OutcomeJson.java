package io.s64.runner.output;

import com.fasterxml.jackson.core.JsonGenerator;
import io.s64.job.Outcome;
import io.s64.job.BatchEvent;
import io.s64.job.Job;
import java.io.IOException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The line of one outcome in {@code outcomes.jsonl}:
 *
 * <pre>{@code
 * {"job_id":"a","kind":"deep","status":"failed","rows":0,"task_id":"t-1","search_id":"s-1",
 *  "error":{"status":403,"detail":"Feature not enabled"},"duplicate_of":null,"message":null,
 *  "timings":{"admitted_at":"...","started_at":"...","polled_before_terminal_at":null,
 *             "terminal_at":null,"finished_at":"...","elapsed_ms":812},
 *  "requests":3,"phase":2,"iterations":1}
 * }</pre>
 *
 * <p>{@code error} is null unless the job failed: an object {@code {status, detail}} when the API
 * refused a request ({@code status} is its HTTP status) or the search or enrichment job itself
 * failed ({@code status} null, {@code detail} the server's error), an object {@code {reason,
 * detail}} when a workflow run failed ({@code RUN_FAILED}: the run and each failed block with its
 * error message) or stalled ({@code STALLED}: the run, cancelled), else a message string (retries
 * exhausted, a start whose answer was lost or ambiguous, an unexpected error). A job cancelled
 * because the run stopped admitting paid work has {@code INSUFFICIENT_CREDITS} (the API answered
 * a start 402) or {@code CREDIT_LIMIT} ({@code --max-credits} spent) as its {@code error}. The
 * library has already cleaned every text of keys and signed URLs.
 *
 * <p>{@code polled_before_terminal_at} is when the last status poll before the one that saw the
 * terminal status was made (null when the first poll saw it, or without a terminal status): the
 * task ended between that moment (else {@code started_at}) and {@code terminal_at}.
 *
 * <p>{@code phase} and {@code iterations} are a deep search's {@code current_phase} and number of
 * {@code iterations} in the last status this run polled; null for other jobs and for a search this
 * run never polled.
 *
 * <p>{@code duplicate_of} names the original of a duplicate whatever its status: {@code duplicate} when
 * the original completed, else the original's {@code failed}, {@code timed_out} or {@code cancelled}
 * with its {@code error} and {@code message}.
 */
public final class OutcomeJson {
  private OutcomeJson() {}

  /** The outcome as one line of bytes, without a last poll. */
  public static byte[] line(Outcome o) {
    return line(o, null);
  }

  /** The outcome as one line of bytes; {@code lastPoll} is the job's last status poll, if any. */
  public static byte[] line(Outcome o, BatchEvent.@Nullable Polled lastPoll) {
    return line(o, lastPoll, null);
  }

  /**
   * The outcome as one line of bytes.
   *
   * @param lastPoll the job's last status poll, if any
   * @param pollBeforeLastAt when the poll before {@code lastPoll} was made, if there was one: for a
   *     job with a terminal status, the status came between that moment and {@code terminal_at}
   */
  public static byte[] line(Outcome o, BatchEvent.@Nullable Polled lastPoll,
      @Nullable Instant pollBeforeLastAt) {
    BatchEvent.Polled deepPoll = o.kind() == Job.Kind.DEEP ? lastPoll : null;
    return JsonLines.line(g -> {
      g.writeStringField("job_id", o.jobId());
      g.writeStringField("kind", o.kind().name().toLowerCase(java.util.Locale.ROOT));
      g.writeStringField("status", o.status().wire());
      g.writeNumberField("rows", o.rows());
      g.writeStringField("task_id", o.taskId());
      g.writeStringField("search_id", o.searchId());
      writeError(g, o.failure());
      g.writeStringField("duplicate_of", o.duplicateOf());
      g.writeStringField("message", o.message());
      g.writeObjectFieldStart("timings");
      time(g, "admitted_at", o.admittedAt());
      time(g, "started_at", o.startedAt());
      time(g, "polled_before_terminal_at", o.terminalAt() == null ? null : pollBeforeLastAt);
      time(g, "terminal_at", o.terminalAt());
      time(g, "finished_at", o.finishedAt());
      g.writeNumberField("elapsed_ms", o.elapsed().toMillis());
      g.writeEndObject();
      g.writeNumberField("requests", o.requests());
      g.writeFieldName("phase");
      if (deepPoll == null || deepPoll.currentPhase() == null) {
        g.writeNull();
      } else {
        g.writeNumber(deepPoll.currentPhase());
      }
      g.writeFieldName("iterations");
      if (deepPoll == null) {
        g.writeNull();
      } else {
        g.writeNumber(deepPoll.iterations());
      }
    });
  }

  private static void writeError(JsonGenerator g, Outcome.@Nullable Failure f) throws IOException {
    g.writeFieldName("error");
    if (f == null) {
      g.writeNull();
      return;
    }
    switch (f.reason()) {
      case API_ERROR:
      case SEARCH_FAILED:
      case JOB_FAILED:
        g.writeStartObject();
        g.writeFieldName("status");
        if (f.status() > 0) {
          g.writeNumber(f.status());
        } else {
          g.writeNull();
        }
        g.writeStringField("detail", f.detail());
        g.writeEndObject();
        break;
      case INSUFFICIENT_CREDITS:
      case CREDIT_LIMIT:
        g.writeString(f.reason().name()); // a cancelled job's reason; the message says more
        break;
      case RUN_FAILED:
      case STALLED:
        // A workflow run's end: the reason by name, the detail naming the run (and its blocks).
        g.writeStartObject();
        g.writeStringField("reason", f.reason().name());
        g.writeStringField("detail", f.detail());
        g.writeEndObject();
        break;
      default:
        g.writeString(f.reason() == Outcome.Failure.Reason.RETRIES_EXHAUSTED
            ? "retries exhausted: " + f.detail() : f.detail());
    }
  }

  private static void time(JsonGenerator g, String name, @Nullable Instant t) throws IOException {
    g.writeStringField(name, t == null ? null : t.toString());
  }
}

package io.s64.model;

import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The status of an asynchronous enrichment job, from {@code GET /job-status/{job_id}}.
 *
 * @param id the job id
 * @param state the status, read case-insensitively
 * @param status the raw status string
 * @param startTime when the job started, as the server wrote it
 * @param closeTime when it ended, as the server wrote it
 * @param result the {@code result} of a completed job: a map, a list of maps, or null
 * @param chargeAmount the charge in cents, when the server says
 * @param chargeCredits the charge in credits, when the server says
 * @param taskType the server's task type, such as {@code lead_enrichment}
 * @param error the error text of a failed job, when the server says
 */
public record JobStatus(
    String id,
    State state,
    String status,
    @Nullable String startTime,
    @Nullable String closeTime,
    @Nullable Object result,
    @Nullable Double chargeAmount,
    @Nullable Double chargeCredits,
    @Nullable String taskType,
    @Nullable String error) {

  /** The job states of the contract (Temporal workflow states). */
  public enum State {
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED,
    TERMINATED,
    TIMED_OUT,
    CONTINUED_AS_NEW,
    /** A value the contract does not name; polling goes on. */
    UNKNOWN;

    /** Reads a status string case-insensitively. */
    public static State parse(String status) {
      switch (status.trim().toLowerCase(Locale.ROOT)) {
        case "running":
        case "queued":
        case "pending":
        case "processing":
          return RUNNING;
        case "completed":
          return COMPLETED;
        case "failed":
          return FAILED;
        case "cancelled":
        case "canceled":
          return CANCELLED;
        case "terminated":
          return TERMINATED;
        case "timed_out":
          return TIMED_OUT;
        case "continued_as_new":
          return CONTINUED_AS_NEW;
        default:
          return UNKNOWN;
      }
    }
  }

  /** Whether the job has ended: completed, failed, cancelled, terminated or timed out. */
  public boolean isTerminal() {
    return state != State.RUNNING && state != State.CONTINUED_AS_NEW && state != State.UNKNOWN;
  }

  /** The {@code structured_data} of an enrichment result, or an empty map. */
  @SuppressWarnings("unchecked")
  public Map<String, @Nullable Object> structuredData() {
    if (result instanceof Map) {
      Object data = ((Map<String, Object>) result).get("structured_data");
      if (data instanceof Map) {
        return (Map<String, @Nullable Object>) data;
      }
    }
    return Map.of();
  }
}

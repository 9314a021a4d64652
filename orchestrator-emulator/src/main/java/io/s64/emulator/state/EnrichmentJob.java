package io.s64.emulator.state;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s64.emulator.internal.Json;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One async enrichment job: running from {@code createdAt} until {@code endsAt} by the emulator
 * clock, then in its {@code outcome}. Everything it will report is fixed at creation (the result
 * is a pure function of the seed and the request), so {@code /job-status} and the webhook agree.
 * Immutable; the result node is never modified after creation.
 *
 * @param taskId the id returned by the start and polled on {@code /job-status/{job_id}}
 * @param runId the {@code run_id} of the job-status body
 * @param kind people or company intelligence
 * @param createdAt when the start was processed
 * @param endsAt when the job reaches its outcome
 * @param outcome its terminal status
 * @param error the error text of a terminal status other than completed, else null
 * @param result the {@code result} object of a completed job
 * @param chargeCents the charge of a completed job, in cents
 * @param webhookUrl where the terminal event is delivered, or null
 */
public record EnrichmentJob(
    String taskId,
    String runId,
    Kind kind,
    Instant createdAt,
    Instant endsAt,
    JobStatus outcome,
    @Nullable String error,
    ObjectNode result,
    int chargeCents,
    @Nullable String webhookUrl) {

  /** The endpoint that made the job, and the {@code task_type} it reports. */
  public enum Kind {
    PEOPLE("lead_enrichment"),
    COMPANY("company_enrichment");

    private final String taskType;

    Kind(String taskType) {
      this.taskType = taskType;
    }

    /** {@code task_type} in job-status bodies, webhook envelopes and {@code Event-Type}. */
    public String taskType() {
      return taskType;
    }
  }

  public JobStatus statusAt(Instant now) {
    return now.isBefore(endsAt) ? JobStatus.RUNNING : outcome;
  }

  /**
   * The webhook envelope of the terminal event: {@code {task_id, status: "completed", task_type,
   * result}}, or {@code {task_id, status: "failed", task_type, error}} for every other outcome
   * (the documented envelope knows only those two statuses).
   */
  public ObjectNode envelope() {
    ObjectNode node = Json.object()
        .put("task_id", taskId)
        .put("status", outcome == JobStatus.COMPLETED ? "completed" : "failed")
        .put("task_type", kind.taskType());
    if (outcome == JobStatus.COMPLETED) {
      node.set("result", result);
    } else {
      node.put("error", error);
    }
    return node;
  }
}

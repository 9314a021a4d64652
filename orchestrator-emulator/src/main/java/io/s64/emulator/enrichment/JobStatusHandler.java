package io.s64.emulator.enrichment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s64.emulator.http.ApiResponse;
import io.s64.emulator.http.BodyReader;
import io.s64.emulator.http.Exchange;
import io.s64.emulator.internal.Json;
import io.s64.emulator.state.EnrichmentJob;
import io.s64.emulator.state.EnrichmentRegistry;
import io.s64.emulator.state.JobStatus;
import java.time.Instant;

/**
 * {@code GET /job-status/{job_id}?cost_units=cents|credits}: the state of an enrichment job by the
 * clock. Running: {@code {status, id, run_id, start_time}}. Completed: also {@code close_time},
 * {@code result}, {@code task_type} and the charge, {@code charge_amount} in cents (the default)
 * or {@code charge_credits} with {@code cost_units=credits} (1 credit = 10 cents). Failed,
 * cancelled, terminated or timed out: {@code close_time}, {@code task_type} and {@code error}.
 * Unknown id → 404 {@code {"detail":"Job not found"}}.
 */
public final class JobStatusHandler {
  static final String NOT_FOUND = "Job not found";
  static final double CENTS_PER_CREDIT = 10;

  private final EnrichmentRegistry registry;

  public JobStatusHandler(EnrichmentRegistry registry) {
    this.registry = registry;
  }

  public ApiResponse handle(Exchange exchange) {
    String units = exchange.param("cost_units");
    if (units != null && !units.equals("cents") && !units.equals("credits")) {
      return ApiResponse.json(422, Json.object().set("detail", Json.array().add(BodyReader.item(
          Json.array().add("query").add("cost_units"), "enum", "Input should be 'cents' or "
              + "'credits'", Json.object().textNode(units),
          Json.object().put("expected", "'cents' or 'credits'")))));
    }
    EnrichmentJob job = registry.job(exchange.pathParam());
    if (job == null) {
      return ApiResponse.detail(404, NOT_FOUND);
    }
    return ApiResponse.json(200, body(job, exchange.now(), "credits".equals(units)));
  }

  static ObjectNode body(EnrichmentJob job, Instant now, boolean credits) {
    JobStatus status = job.statusAt(now);
    ObjectNode node = Json.object()
        .put("status", status.wire())
        .put("id", job.taskId())
        .put("run_id", job.runId())
        .put("start_time", Json.iso(job.createdAt()));
    if (!status.terminal()) {
      return node;
    }
    node.put("close_time", Json.iso(job.endsAt()));
    if (status == JobStatus.COMPLETED) {
      node.set("result", job.result());
      if (credits) {
        node.put("charge_credits", job.chargeCents() / CENTS_PER_CREDIT);
      } else {
        node.put("charge_amount", job.chargeCents());
      }
    } else {
      node.put("error", job.error());
    }
    node.put("task_type", job.kind().taskType());
    return node;
  }
}

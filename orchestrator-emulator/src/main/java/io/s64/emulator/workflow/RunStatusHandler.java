package io.s64.emulator.workflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.s64.emulator.http.ApiResponse;
import io.s64.emulator.http.Exchange;
import io.s64.emulator.internal.Json;

/**
 * {@code GET /workflows/runs} (newest first; {@code status} filters by status, {@code active} =
 * queued or running; {@code workflow_id}; {@code limit} 1..500, default 100) and {@code GET
 * /workflows/runs/{run_id}/live_status}. Both read the run as of the request's instant.
 */
public final class RunStatusHandler {
  private final RunRegistry runs;

  RunStatusHandler(RunRegistry runs) {
    this.runs = runs;
  }

  public ApiResponse list(Exchange exchange) {
    Query query = new Query(exchange);
    int limit = query.integer("limit", 100, 1, 500);
    ApiResponse problem = query.problem();
    if (problem != null) {
      return problem;
    }
    ArrayNode list = Json.array();
    for (WorkflowRun run : runs.list(exchange.param("status"), exchange.param("workflow_id"),
        limit, exchange.now())) {
      list.add(RunJson.listItem(run, run.view(exchange.now())));
    }
    return ApiResponse.json(200, list);
  }

  public ApiResponse liveStatus(Exchange exchange) {
    Query query = new Query(exchange);
    String runId = query.uuidPath("run_id");
    ApiResponse problem = query.problem();
    if (problem != null) {
      return problem;
    }
    WorkflowRun run = runs.get(runId);
    if (run == null) {
      return ApiResponse.detail(404, RunHandler.RUN_NOT_FOUND);
    }
    return ApiResponse.json(200, RunJson.liveStatus(run, run.view(exchange.now())));
  }
}

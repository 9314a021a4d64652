package io.s64.emulator.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s64.emulator.http.ApiResponse;
import io.s64.emulator.http.Exchange;
import io.s64.emulator.internal.Json;
import io.s64.emulator.stats.StatsRecorder;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /workflows/run} and {@code POST /workflows/cancel}. A start is checked in this
 * order: query parameters (422), body (400 malformed, 422 wrong types), the {@code
 * Idempotency-Key} (a known key answers its run with {@code already_started: true}; a key used for
 * another request is a 409), the workflow (404), its source block and the payload (400s that name
 * the workflow, the block, the row and the column).
 */
public final class RunHandler {
  static final String RUN_NOT_FOUND = "Workflow run not found";
  static final String KEY_HEADER = "Idempotency-Key";

  private final WorkflowStore store;
  private final RunRegistry runs;
  private final StatsRecorder stats;

  RunHandler(WorkflowStore store, RunRegistry runs, StatsRecorder stats) {
    this.store = store;
    this.runs = runs;
    this.stats = stats;
  }

  public ApiResponse run(Exchange exchange) {
    Query query = new Query(exchange);
    String workflowId = query.required("workflow_id");
    boolean saveJson = query.bool("save_json", false);
    List<String> formats = query.each("result_formats", "csv", "json", "ndjson");
    ApiResponse problem = query.problem();
    if (problem != null) {
      return problem;
    }
    RunRequest.Read read = RunRequest.read(exchange.body());
    ApiResponse refused = read.problem();
    if (refused != null) {
      return refused;
    }
    RunRequest request = Objects.requireNonNull(read.request(), "a body without problem");
    String key = exchange.header(KEY_HEADER);
    if (key != null && key.isBlank()) {
      return ApiResponse.detail(400, "Idempotency-Key must not be blank");
    }
    String digest = workflowId + "\n" + saveJson + "\n" + formats + "\n" + request.canonical();
    synchronized (runs) {
      if (key != null) {
        try {
          WorkflowRun known = runs.replay(key, digest);
          if (known != null) {
            stats.workflowRunReplayed();
            return started(known, known.view(exchange.now()).status(), true);
          }
        } catch (IllegalStateException e) {
          stats.workflowIdempotencyConflict();
          return ApiResponse.detail(409, "Idempotency-Key '" + key + "' already started a run "
              + "for a different request (another workflow_id, query or body)");
        }
      }
      Workflow workflow = store.get(workflowId);
      if (workflow == null) {
        return ApiResponse.detail(404, DefinitionHandler.NOT_FOUND);
      }
      Step source = workflow.graph().source();
      String refusal = refusal(workflow, source, request);
      if (refusal != null) {
        return ApiResponse.detail(400, refusal);
      }
      List<ObjectNode> payload = request.payload();
      WorkflowRun run = runs.start(workflow, payload, saveJson, new LinkedHashSet<>(formats), key,
          digest, exchange.now());
      store.ran(workflow.id(), exchange.now());
      stats.workflowRunStarted(payload.size());
      return started(run, "queued", false);
    }
  }

  public ApiResponse cancel(Exchange exchange) {
    Query query = new Query(exchange);
    String jobId = query.required("job_id");
    ApiResponse problem = query.problem();
    if (problem != null) {
      return problem;
    }
    WorkflowRun run = runs.get(jobId);
    if (run == null) {
      return ApiResponse.detail(404, RUN_NOT_FOUND);
    }
    run.cancel(exchange.now());
    String status = run.view(exchange.now()).status();
    return ApiResponse.json(200, Json.object()
        .put("job_id", run.jobId)
        .put("status", status.equals("cancelled") ? "canceled" : status));
  }

  /** Why the workflow cannot run on this request, or null when it can. */
  private static @Nullable String refusal(Workflow workflow, Step source, RunRequest request) {
    String id = workflow.id();
    List<ObjectNode> payload = request.payload();
    if (payload != null && source.kind() != BlockKind.WEBHOOK) {
      return "webhook_payload was sent, but workflow " + id + " starts with a "
          + source.kind().wire() + " block ('" + source.blockId() + "'), not a webhook block: "
          + "only a webhook source block takes webhook_payload";
    }
    if (source.kind() == BlockKind.READ_CSV) {
      return "workflow " + id + " starts with a read_csv block ('" + source.blockId()
          + "'), which cannot be triggered through the API; switch its source block to webhook";
    }
    if (payload == null) {
      return "webhook_payload is required: workflow " + id + " starts with a webhook block ('"
          + source.blockId() + "')";
    }
    if (payload.isEmpty()) {
      return "webhook_payload has no rows: send at least one row (an object)";
    }
    ObjectNode specs = source.specs().deepCopy();
    if (request.override() != null) {
      specs.setAll(request.override());
    }
    JsonNode type = specs.get("dataframe_type");
    if (!type.asText().equals(source.rowType().name())) {
      return "specs_override.dataframe_type is " + type + ", but workflow " + id
          + " is built for " + source.rowType() + " rows; a run cannot change it";
    }
    JsonNode schema = specs.get("input_schema");
    if (schema == null || !schema.isObject()) {
      return null;
    }
    for (int row = 0; row < payload.size(); row++) {
      for (Map.Entry<String, JsonNode> field : schema.properties()) {
        boolean required = field.getValue().path("required").asBoolean(false);
        if (required && !payload.get(row).hasNonNull(field.getKey())) {
          return "webhook_payload row " + row + " is missing the column '" + field.getKey()
              + "', which the input_schema of block '" + source.blockId() + "' of workflow "
              + id + " marks required";
        }
      }
    }
    return null;
  }

  private static ApiResponse started(WorkflowRun run, String status, boolean replayed) {
    ObjectNode body = Json.object()
        .put("status", status)
        .put("workflow_id", run.workflowId)
        .put("job_id", run.jobId)
        .putNull("cache_config")
        .put("already_started", replayed);
    return ApiResponse.json(200, body);
  }
}

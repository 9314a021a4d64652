package io.s64.emulator.workflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s64.emulator.internal.Json;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** The JSON of a run: {@code WorkflowLiveStatusResponse} and {@code WorkflowRunResponse}. */
final class RunJson {
  private RunJson() {}

  static ObjectNode liveStatus(WorkflowRun run, RunView view) {
    ObjectNode node = Json.object()
        .put("run_id", run.jobId)
        .put("workflow_id", run.workflowId)
        .put("overall_status", view.status());
    Step current = view.current() < 0 ? null : run.steps.get(view.current());
    node.put("current_block", current == null ? null : current.kind().wire());
    if (current == null) {
      node.putNull("current_block_sequence");
    } else {
      node.put("current_block_sequence", current.sequenceNumber());
    }
    node.put("total_blocks", run.steps.size())
        .put("completed_blocks", view.completedBlocks());
    time(node, "started_at", view.startedAt());
    time(node, "completed_at", view.completedAt());
    node.put("last_updated", Json.iso(view.lastUpdated()));
    ArrayNode blocks = node.putArray("blocks");
    for (int i = 0; i < run.steps.size(); i++) {
      blocks.add(block(run.steps.get(i), view.blocks().get(i), view, run.createdAt));
    }
    node.put("overall_progress_percentage", view.progress());
    node.putNull("estimation_blocked_by");
    return node;
  }

  private static ObjectNode block(Step step, RunView.BlockView b, RunView view,
      Instant createdAt) {
    ObjectNode node = Json.object()
        .put("block_id", step.blockId())
        .put("block_name", step.kind().wire())
        .put("sequence_number", step.sequenceNumber());
    ArrayNode previous = node.putArray("previous_block_ids");
    step.previousIds().forEach(previous::add);
    node.put("status", b.status());
    time(node, "started_at", b.startedAt());
    time(node, "completed_at", b.completedAt());
    node.put("progress_percentage", b.progress());
    node.put("current_step", b.status().equals("running")
        ? "processed " + b.processed() + " of " + b.total() + " rows" : null);
    node.put("processed_count", b.processed())
        .put("total_count", b.total())
        .putNull("estimated_total_count");
    Instant updated = b.completedAt() != null ? b.completedAt()
        : b.startedAt() != null ? view.lastUpdated() : createdAt;
    node.put("last_updated", Json.iso(updated));
    node.put("error_message", b.error());
    node.putObject("metrics")
        .put("row_count", b.rowCount())
        .put("dataframe_type", step.rowType().name())
        .put("processed_count", b.processed())
        .put("total_count", b.total());
    return node;
  }

  static ObjectNode listItem(WorkflowRun run, RunView view) {
    ObjectNode node = Json.object()
        .put("job_id", run.jobId)
        .put("workflow_id", run.workflowId)
        .put("workflow_name", run.workflowName)
        .put("status", view.status())
        .put("step", view.current() < 0 ? null : run.steps.get(view.current()).kind().wire())
        .put("user_id", Workflow.USER)
        .put("created_at", Json.iso(run.createdAt))
        .put("updated_at", Json.iso(view.lastUpdated()))
        .put("queued_at", Json.iso(run.createdAt));
    time(node, "started_at", view.startedAt());
    time(node, "completed_at", view.completedAt());
    if (view.completedAt() != null) {
      node.put("duration_ms", Duration.between(run.createdAt, view.completedAt()).toMillis());
    } else {
      node.putNull("duration_ms");
    }
    node.put("status_reason", view.status().equals("cancelled") ? "cancelled by request" : null);
    node.put("error_message", view.error());
    node.putObject("metrics")
        .put("rows_in", run.rowsIn())
        .put("rows_out", view.status().equals("completed") ? run.results().size() : 0);
    node.putNull("blocks");
    node.put("blocks_count", run.steps.size());
    return node;
  }

  private static void time(ObjectNode node, String name, @Nullable Instant at) {
    node.put(name, at == null ? null : Json.iso(at));
  }
}

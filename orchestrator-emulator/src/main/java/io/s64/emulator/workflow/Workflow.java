package io.s64.emulator.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s64.emulator.internal.Json;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A stored workflow definition. Immutable: an update stores a new value.
 *
 * @param id its id (a UUID)
 * @param name its name
 * @param description its description
 * @param graph its checked blocks
 * @param createdAt creation, by the emulator clock
 * @param updatedAt last change
 * @param lastRunDate the start of its latest run, or null
 */
record Workflow(String id, String name, String description, Graph graph, Instant createdAt,
    Instant updatedAt, @Nullable Instant lastRunDate) {
  /** The organization every key of the emulator belongs to. */
  static final String ORG_ID = "org_emulator";
  static final String USER = "user_emulator";

  Workflow withLastRun(Instant at) {
    return new Workflow(id, name, description, graph, createdAt, updatedAt, at);
  }

  /** The {@code WorkflowResponse}; with the definition on detail responses. */
  ObjectNode json(boolean withDefinition) {
    ObjectNode node = Json.object()
        .put("id", id)
        .put("user_uuid", USER)
        .put("org_id", ORG_ID)
        .put("name", name)
        .put("description", description)
        .put("status", "ready")
        .put("step", "completed")
        .put("created_at", Json.iso(createdAt))
        .put("updated_at", Json.iso(updatedAt));
    node.put("last_run_date", lastRunDate == null ? null : Json.iso(lastRunDate));
    if (withDefinition) {
      node.set("workflow_definition", graph.json());
    }
    return node;
  }
}

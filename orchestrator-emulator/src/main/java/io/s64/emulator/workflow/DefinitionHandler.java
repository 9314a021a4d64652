package io.s64.emulator.workflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s64.emulator.http.ApiResponse;
import io.s64.emulator.http.BodyReader;
import io.s64.emulator.http.Exchange;
import io.s64.emulator.internal.Ids;
import io.s64.emulator.internal.Json;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The definition endpoints: {@code GET /workflows} (without definitions), {@code GET
 * /workflows/{workflow_id}}, {@code GET /workflows/blocks}, and {@code POST
 * /workflows/create_workflow}, {@code update_workflow} (an upsert) and {@code delete_workflow}
 * (runs are kept). A definition is checked by {@link Graph}; its problems are 422s.
 */
public final class DefinitionHandler {
  static final String NOT_FOUND = "Workflow not found";

  private final WorkflowStore store;
  private final Ids ids;

  DefinitionHandler(WorkflowStore store, Ids ids) {
    this.store = store;
    this.ids = ids;
  }

  public ApiResponse list(Exchange exchange) {
    ArrayNode list = Json.array();
    store.list().forEach(w -> list.add(w.json(false)));
    return ApiResponse.json(200, list);
  }

  public ApiResponse blocks(Exchange exchange) {
    ArrayNode list = Json.array();
    for (BlockKind kind : BlockKind.values()) {
      list.add(kind.catalogueEntry());
    }
    return ApiResponse.json(200, list);
  }

  public ApiResponse get(Exchange exchange) {
    Query query = new Query(exchange);
    String id = query.uuidPath("workflow_id");
    ApiResponse problem = query.problem();
    if (problem != null) {
      return problem;
    }
    Workflow workflow = store.get(id);
    return workflow == null
        ? ApiResponse.detail(404, NOT_FOUND)
        : ApiResponse.json(200, workflow.json(true));
  }

  public ApiResponse create(Exchange exchange) {
    BodyReader reader = BodyReader.parse(exchange.body());
    String name = reader.requiredString("workflow_name");
    String description = reader.requiredText("workflow_description");
    ObjectNode definition = reader.requiredObject("workflow_definition");
    String id = reader.optionalString("id");
    ApiResponse problem = reader.problem();
    if (problem != null) {
      return problem;
    }
    ArrayNode errors = Json.array();
    if (id != null && !isUuid(id)) {
      errors.add(BodyReader.item(Graph.loc("body", "id"), "value_error",
          "Value error, id must be a UUID, but it is '" + id + "'", Json.object().textNode(id),
          null));
    }
    Graph graph = Graph.parse(definition, Graph.loc("body", "workflow_definition"), errors);
    if (graph == null || !errors.isEmpty()) {
      return invalid(errors);
    }
    String workflowId = id == null ? ids.uuid() : id.toLowerCase(Locale.ROOT);
    Workflow workflow = new Workflow(workflowId, name, description, graph, exchange.now(),
        exchange.now(), null);
    if (!store.create(workflow)) {
      return ApiResponse.detail(409, "Workflow with ID " + workflowId
          + " already exists. Use update endpoint to modify existing workflows.");
    }
    return ApiResponse.json(200, workflow.json(true));
  }

  public ApiResponse update(Exchange exchange) {
    Query query = new Query(exchange);
    String id = query.required("workflow_id");
    ApiResponse problem = query.problem();
    if (problem != null) {
      return problem;
    }
    if (!isUuid(id)) {
      return invalid(Json.array().add(BodyReader.item(Graph.loc("query", "workflow_id"),
          "uuid_parsing", "Input should be a valid UUID, '" + id + "' is not one",
          Json.object().textNode(id), null)));
    }
    BodyReader reader = BodyReader.parse(exchange.body());
    String name = reader.optionalString("workflow_name");
    String description = reader.optionalText("workflow_description");
    ObjectNode definition = reader.optionalObject("workflow_definition");
    problem = reader.problem();
    if (problem != null) {
      return problem;
    }
    ArrayNode errors = Json.array();
    Graph graph = definition == null ? null
        : Graph.parse(definition, Graph.loc("body", "workflow_definition"), errors);
    if (!errors.isEmpty()) {
      return invalid(errors);
    }
    String workflowId = id.toLowerCase(Locale.ROOT);
    Workflow old = store.get(workflowId);
    if (old == null && graph == null) {
      return invalid(Json.array().add(BodyReader.item(Graph.loc("body", "workflow_definition"),
          "missing", "Field required: workflow " + workflowId + " does not exist, and creating "
              + "it needs a workflow_definition", null, null)));
    }
    Workflow updated = old == null
        ? new Workflow(workflowId, name == null ? "Untitled Workflow" : name,
            description == null ? "" : description, graph, exchange.now(), exchange.now(), null)
        : new Workflow(workflowId, name == null ? old.name() : name,
            description == null ? old.description() : description,
            graph == null ? old.graph() : graph, old.createdAt(), exchange.now(),
            old.lastRunDate());
    store.put(updated);
    return ApiResponse.json(200, updated.json(true));
  }

  public ApiResponse delete(Exchange exchange) {
    Query query = new Query(exchange);
    String id = query.required("workflow_id");
    ApiResponse problem = query.problem();
    if (problem != null) {
      return problem;
    }
    Workflow deleted = store.delete(id.toLowerCase(Locale.ROOT));
    return deleted == null
        ? ApiResponse.detail(404, NOT_FOUND)
        : ApiResponse.json(200, deleted.json(true));
  }

  private static ApiResponse invalid(ArrayNode errors) {
    return ApiResponse.json(422, Json.object().set("detail", errors));
  }

  static boolean isUuid(@Nullable String text) {
    if (text == null || text.length() != 36) {
      return false;
    }
    try {
      return UUID.fromString(text).toString().equalsIgnoreCase(text);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}

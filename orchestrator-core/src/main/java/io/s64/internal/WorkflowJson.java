package io.s64.internal;

import io.s64.error.DecodeException;
import io.s64.http.HttpTransport.Response;
import io.s64.model.Workflows;
import io.s64.model.Workflows.BlockStatus;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The Workflows API's bodies, both ways, with the contract's field names: definitions, run starts,
 * run lists, live status, result files. Lenient as {@link Decode} is (unknown fields ignored,
 * states read in any case); strict where s64 depends on a field ({@code job_id} of a start, {@code
 * run_id} and {@code overall_status} of a live status).
 */
public final class WorkflowJson {
  private WorkflowJson() {}

  /** The body of create_workflow. */
  public static byte[] create(Workflows.NewWorkflow w) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("workflow_name", w.name());
    body.put("workflow_description", w.description());
    body.put("workflow_definition", graph(w.graph()));
    if (w.id() != null) {
      body.put("id", w.id());
    }
    return Json.write(body);
  }

  /** The body of update_workflow: only the parts given. */
  public static byte[] update(@Nullable String name, @Nullable String description,
      Workflows.@Nullable Graph graph) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (name != null) {
      body.put("workflow_name", name);
    }
    if (description != null) {
      body.put("workflow_description", description);
    }
    if (graph != null) {
      body.put("workflow_definition", graph(graph));
    }
    return Json.write(body);
  }

  private static Map<String, Object> graph(Workflows.Graph g) {
    List<Map<String, Object>> blocks = new ArrayList<>();
    for (Workflows.Block b : g.blocks()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("sequence_number", b.sequenceNumber());
      m.put("block_type", b.blockType());
      m.put("block_name", b.blockName());
      m.put("specs", b.specs());
      if (b.blockId() != null) {
        m.put("block_id", b.blockId());
      }
      blocks.add(m);
    }
    List<Map<String, Object>> edges = new ArrayList<>();
    for (Workflows.Edge e : g.edges()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("from_block_id", e.fromBlockId());
      m.put("to_block_id", e.toBlockId());
      if (e.condition() != null) {
        m.put("condition", e.condition());
      }
      edges.add(m);
    }
    return Map.of("blocks", blocks, "edges", edges);
  }

  /** The body of a run start: the rows as {@code webhook_payload}, and the specs override. */
  public static byte[] run(Workflows.RunRequest r) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (r.rows() != null) {
      body.put("webhook_payload", r.rows());
    }
    if (r.specsOverride() != null) {
      body.put("specs_override", r.specsOverride());
    }
    return Json.write(body);
  }

  /** {@code GET /workflows}: definitions without their graph. */
  public static List<Workflows.Workflow> workflows(Response r, String op) {
    List<Workflows.Workflow> out = new ArrayList<>();
    for (Map<String, @Nullable Object> o : array(r, op)) {
      out.add(workflow(o, op));
    }
    return out;
  }

  /** {@code GET /workflows/{id}} and the answers of create, update and delete. */
  public static Workflows.Workflow workflow(Response r, String op) {
    return workflow(Json.readObject(r.body(), op), op);
  }

  @SuppressWarnings("unchecked")
  private static Workflows.Workflow workflow(Map<String, @Nullable Object> o, String op) {
    Object def = o.get("workflow_definition");
    Workflows.Graph graph = null;
    if (def instanceof Map) {
      try {
        graph = Workflows.Graph.fromJson((Map<String, ?>) def);
      } catch (RuntimeException e) {
        throw new DecodeException(op + ": " + e.getMessage(), e);
      }
    }
    String status = Json.optString(o, "status");
    String name = Json.optString(o, "name");
    return new Workflows.Workflow(Json.string(o, "id", op), name == null ? "" : name,
        Json.optString(o, "description"), status == null ? "" : status,
        Json.optString(o, "created_at"), Json.optString(o, "updated_at"), graph);
  }

  /** {@code GET /workflows/blocks}. */
  @SuppressWarnings("unchecked")
  public static List<Workflows.BlockType> blocks(Response r, String op) {
    List<Workflows.BlockType> out = new ArrayList<>();
    for (Map<String, @Nullable Object> o : array(r, op)) {
      Object schema = o.get("specs_schema");
      out.add(new Workflows.BlockType(Json.string(o, "block_name", op),
          schema instanceof Map ? (Map<String, ?>) schema : Map.of()));
    }
    return out;
  }

  /** The answer of a run start. */
  public static Workflows.RunStarted started(Response r, String op) {
    Map<String, @Nullable Object> o = Json.readObject(r.body(), op);
    String status = Json.optString(o, "status");
    String workflow = Json.optString(o, "workflow_id");
    return new Workflows.RunStarted(Json.string(o, "job_id", op), workflow == null ? "" : workflow,
        status == null ? "" : status, Json.optBool(o, "already_started", false));
  }

  /** {@code GET /workflows/runs}. */
  public static List<Workflows.Run> runs(Response r, String op) {
    List<Workflows.Run> out = new ArrayList<>();
    for (Map<String, @Nullable Object> o : array(r, op)) {
      String status = Json.string(o, "status", op);
      out.add(new Workflows.Run(Json.string(o, "job_id", op), Json.string(o, "workflow_id", op),
          Json.optString(o, "workflow_name"), Workflows.State.parse(status), status,
          Json.optString(o, "queued_at"), Json.optString(o, "completed_at"),
          Json.optString(o, "error_message")));
    }
    return out;
  }

  /** {@code GET /workflows/runs/{run_id}/live_status}. */
  public static Workflows.LiveStatus liveStatus(Response r, String op) {
    Map<String, @Nullable Object> o = Json.readObject(r.body(), op);
    String status = Json.string(o, "overall_status", op);
    List<BlockStatus> blocks = new ArrayList<>();
    for (Map<String, @Nullable Object> b : Json.objects(o, "blocks", op)) {
      String s = Json.optString(b, "status");
      Integer seq = Json.optInt(b, "sequence_number");
      Double pct = Json.optDouble(b, "progress_percentage");
      Long processed = Json.optLong(b, "processed_count");
      Long total = Json.optLong(b, "total_count");
      String name = Json.optString(b, "block_name");
      blocks.add(new BlockStatus(Json.optString(b, "block_id"), name == null ? "" : name,
          seq == null ? 0 : seq, Workflows.State.parse(s), s == null ? "" : s,
          pct == null ? 0 : pct, processed == null ? 0 : processed, total == null ? 0 : total,
          Json.optString(b, "error_message")));
    }
    Integer totalBlocks = Json.optInt(o, "total_blocks");
    Integer completedBlocks = Json.optInt(o, "completed_blocks");
    Double overall = Json.optDouble(o, "overall_progress_percentage");
    String workflow = Json.optString(o, "workflow_id");
    return new Workflows.LiveStatus(Json.string(o, "run_id", op), workflow == null ? "" : workflow,
        Workflows.State.parse(status), status, Json.optString(o, "current_block"),
        totalBlocks == null ? blocks.size() : totalBlocks,
        completedBlocks == null ? 0 : completedBlocks, overall == null ? 0 : overall,
        Json.optString(o, "last_updated"), blocks);
  }

  /** The answer of a cancel: the run's status after it ({@code canceled}, say). */
  public static String cancelled(Response r, String op) {
    Map<String, @Nullable Object> o = Json.readObject(r.body(), op);
    String status = Json.optString(o, "status");
    return status == null ? "" : status;
  }

  /** {@code GET /workflows/runs/{run_id}/results/download-links}. */
  @SuppressWarnings("unchecked")
  public static List<Workflows.ResultFile> resultFiles(Response r, String op) {
    List<Workflows.ResultFile> out = new ArrayList<>();
    for (Map<String, @Nullable Object> o : array(r, op)) {
      String url = Json.optString(o, "download_url");
      URI uri = null;
      if (url != null && !url.isBlank()) {
        try {
          uri = new URI(url);
        } catch (URISyntaxException e) {
          throw new DecodeException(op + ": field 'download_url' is not a valid URL", null);
        }
      }
      Long rows = Json.optLong(o, "row_count");
      Long expires = Json.optLong(o, "download_expires_in_seconds");
      Object inline = o.get("results");
      String name = Json.optString(o, "filename");
      out.add(new Workflows.ResultFile(name == null ? "" : name, rows == null ? 0 : rows,
          Json.optInt(o, "block_number"), uri, expires == null ? 900 : expires,
          inline instanceof List ? (List<Map<String, ?>>) inline : null));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, @Nullable Object>> array(Response r, String op) {
    Object parsed = Json.readAny(r.body());
    if (!(parsed instanceof List)) {
      throw new DecodeException(op + ": the body is not a JSON array", null);
    }
    List<Map<String, @Nullable Object>> out = new ArrayList<>();
    for (Object e : (List<Object>) parsed) {
      if (e instanceof Map) {
        out.add((Map<String, @Nullable Object>) e);
      }
    }
    return out;
  }
}

package io.s64.model;

import io.s64.error.ConfigurationException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The records of the Workflows API ({@code /workflows*}): definitions, runs, live status and result
 * files. One class holds them so that the public API stays small; each record holds only its own
 * fields and reads the contract's field names.
 *
 * <pre>{@code
 * Workflows.RunRequest run = Workflows.RunRequest.of(workflowId, rows)
 *     .withIdempotencyKey("leads-2030-01-01-chunk-1");
 * api.runWorkflow(run)                                  // the same key on every retry
 *     .flatMap(started -> api.workflowLiveStatus(started.runId()));
 * }</pre>
 */
public final class Workflows {
  private Workflows() {}

  /** The states of a run and of a block, read case-insensitively. */
  public enum State {
    QUEUED, PENDING, RUNNING, COMPLETED, FAILED, CANCELLED,
    /** A value the contract does not name; polling goes on. */
    UNKNOWN;

    /** Reads a status string; {@code canceled} and {@code cancelled} are the same. */
    public static State parse(@Nullable String status) {
      if (status == null) {
        return UNKNOWN;
      }
      switch (status.trim().toLowerCase(Locale.ROOT)) {
        case "queued": return QUEUED;
        case "pending": return PENDING;
        case "running": return RUNNING;
        case "completed": return COMPLETED;
        case "failed": return FAILED;
        case "cancelled":
        case "canceled": return CANCELLED;
        default: return UNKNOWN;
      }
    }

    /** Whether nothing more happens: completed, failed or cancelled. */
    public boolean isTerminal() {
      return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
  }

  /**
   * A workflow as the API lists it ({@code WorkflowResponse}); {@code graph} only when fetched one
   * by one.
   */
  public record Workflow(String id, String name, @Nullable String description, String status,
      @Nullable String createdAt, @Nullable String updatedAt, @Nullable Graph graph) {
    public Workflow {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(status, "status");
    }
  }

  /** A workflow's definition: its blocks and the edges between them. */
  public record Graph(List<Block> blocks, List<Edge> edges) {
    public Graph {
      blocks = List.copyOf(blocks);
      edges = List.copyOf(edges);
    }

    /**
     * Reads a {@code workflow_definition} object ({@code {"blocks": [...], "edges": [...]}}), as
     * parsed by any JSON library into maps and lists; a wrong or missing field fails naming it.
     */
    public static Graph fromJson(Map<String, ?> definition) {
      List<Block> blocks = new ArrayList<>();
      int i = 0;
      for (Map<String, ?> b : objects(definition, "blocks", "workflow_definition.blocks")) {
        String at = "workflow_definition.blocks[" + i++ + "]";
        Object seq = b.get("sequence_number");
        if (!(seq instanceof Number)) {
          throw new ConfigurationException(at + ".sequence_number must be a number but was " + seq);
        }
        blocks.add(new Block(((Number) seq).intValue(), text(b, "block_type", at),
            text(b, "block_name", at), object(b.get("specs"), at + ".specs"), optText(b, "block_id")));
      }
      List<Edge> edges = new ArrayList<>();
      i = 0;
      for (Map<String, ?> e : objects(definition, "edges", "workflow_definition.edges")) {
        String at = "workflow_definition.edges[" + i++ + "]";
        edges.add(new Edge(text(e, "from_block_id", at), text(e, "to_block_id", at),
            optText(e, "condition")));
      }
      return new Graph(blocks, edges);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, ?>> objects(Map<String, ?> parent, String field, String at) {
      Object v = parent.get(field);
      if (!(v instanceof List)) {
        throw new ConfigurationException(at + " must be an array but was " + v);
      }
      List<Map<String, ?>> out = new ArrayList<>();
      for (Object o : (List<?>) v) {
        out.add(object(o, at + "[" + out.size() + "]"));
      }
      return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> object(@Nullable Object v, String at) {
      if (v == null) {
        return Map.of();
      }
      if (!(v instanceof Map)) {
        throw new ConfigurationException(at + " must be an object but was " + v);
      }
      return (Map<String, ?>) v;
    }

    private static String text(Map<String, ?> o, String field, String at) {
      Object v = o.get(field);
      if (!(v instanceof String) || ((String) v).isBlank()) {
        throw new ConfigurationException(at + "." + field + " must be a non-empty string but was " + v);
      }
      return (String) v;
    }

    private static @Nullable String optText(Map<String, ?> o, String field) {
      Object v = o.get(field);
      return v == null ? null : v.toString();
    }
  }

  /** One block of a definition; {@code specs} is the block type's own settings. */
  public record Block(int sequenceNumber, String blockType, String blockName, Map<String, ?> specs,
      @Nullable String blockId) {
    public Block {
      Objects.requireNonNull(blockType, "blockType");
      Objects.requireNonNull(blockName, "blockName");
      specs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(specs));
    }
  }

  /** An edge of a definition, from one block id to another. */
  public record Edge(String fromBlockId, String toBlockId, @Nullable String condition) {}

  /** A block type of the catalogue ({@code GET /workflows/blocks}) and the JSON Schema of its specs. */
  public record BlockType(String blockName, Map<String, ?> specsSchema) {
    public BlockType {
      specsSchema = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(specsSchema));
    }
  }

  /**
   * A new workflow ({@code POST /workflows/create_workflow}); {@code id} is an optional id chosen
   * by the client (a second create with it fails with a 409).
   */
  public record NewWorkflow(String name, String description, Graph graph, @Nullable String id) {
    public NewWorkflow {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(graph, "graph");
    }
  }

  /**
   * A run to start ({@code POST /workflows/run}).
   *
   * @param workflowId the workflow
   * @param rows the {@code webhook_payload}: the rows the workflow's webhook source receives, or
   *     null to send none
   * @param specsOverride overrides of the first block's specs, or null
   * @param saveJson also keep the results as JSON ({@code format=json} downloads)
   * @param resultFormats result formats to produce ({@code csv}, {@code ndjson}); empty for the
   *     server's default
   * @param idempotencyKey the {@code Idempotency-Key} every attempt sends, so a start whose answer
   *     was lost is not started twice; null to send none (and then a lost answer is not retried)
   */
  public record RunRequest(String workflowId, @Nullable List<Map<String, ?>> rows,
      @Nullable Map<String, ?> specsOverride, boolean saveJson, List<String> resultFormats,
      @Nullable String idempotencyKey) {
    public RunRequest {
      if (workflowId == null || workflowId.isBlank()) {
        throw new ConfigurationException("workflowId must not be blank but was '" + workflowId + "'");
      }
      rows = rows == null ? null : List.copyOf(rows);
      resultFormats = List.copyOf(resultFormats);
      for (String f : resultFormats) {
        if (!f.equals("csv") && !f.equals("ndjson") && !f.equals("json")) {
          throw new ConfigurationException("resultFormats must be csv, json or ndjson but was '" + f + "'");
        }
      }
    }

    /** A run of {@code workflowId} over {@code rows}, without a key. */
    public static RunRequest of(String workflowId, List<? extends Map<String, ?>> rows) {
      return new RunRequest(workflowId, List.copyOf(rows), null, false, List.of(), null);
    }

    public RunRequest withIdempotencyKey(String key) {
      if (key == null || key.isBlank() || key.length() > 255) {
        throw new ConfigurationException("idempotencyKey must be 1..255 characters but was '" + key + "'");
      }
      return new RunRequest(workflowId, rows, specsOverride, saveJson, resultFormats, key);
    }

    public RunRequest withSaveJson(boolean save) {
      return new RunRequest(workflowId, rows, specsOverride, save, resultFormats, idempotencyKey);
    }

    public RunRequest withSpecsOverride(@Nullable Map<String, ?> specs) {
      return new RunRequest(workflowId, rows, specs, saveJson, resultFormats, idempotencyKey);
    }

    public RunRequest withResultFormats(List<String> formats) {
      return new RunRequest(workflowId, rows, specsOverride, saveJson, formats, idempotencyKey);
    }

    @Override
    public String toString() {
      return "RunRequest[" + workflowId + ", " + (rows == null ? 0 : rows.size()) + " rows, key="
          + idempotencyKey + "]";
    }
  }

  /**
   * The answer of a start: the run's id ({@code job_id}) and whether the key named a run started
   * before ({@code already_started}).
   */
  public record RunStarted(String runId, String workflowId, String status, boolean alreadyStarted) {}

  /** A run as {@code GET /workflows/runs} lists it. */
  public record Run(String runId, String workflowId, @Nullable String workflowName, State state,
      String status, @Nullable String queuedAt, @Nullable String completedAt,
      @Nullable String errorMessage) {}

  /**
   * A run's live status ({@code GET /workflows/runs/{run_id}/live_status}).
   *
   * @param currentBlock the block running now, or null
   * @param overallProgress the run's progress, 0 to 100
   */
  public record LiveStatus(String runId, String workflowId, State state, String status,
      @Nullable String currentBlock, int totalBlocks, int completedBlocks, double overallProgress,
      @Nullable String lastUpdated, List<BlockStatus> blocks) {
    public LiveStatus {
      blocks = List.copyOf(blocks);
    }

    /** Whether the run has ended. */
    public boolean isTerminal() {
      return state.isTerminal();
    }

    /** The blocks that failed, in order. */
    public List<BlockStatus> failedBlocks() {
      List<BlockStatus> out = new ArrayList<>();
      for (BlockStatus b : blocks) {
        if (b.state() == State.FAILED) {
          out.add(b);
        }
      }
      return out;
    }

    /** The block that runs now: the named current block, else the first one running, or null. */
    public @Nullable BlockStatus current() {
      for (BlockStatus b : blocks) {
        if (b.blockName().equals(currentBlock) || currentBlock == null && b.state() == State.RUNNING) {
          return b;
        }
      }
      return null;
    }

    /** Rows processed so far over all blocks: what moves while a run makes progress. */
    public long processed() {
      long n = 0;
      for (BlockStatus b : blocks) {
        n += b.processedCount();
      }
      return n;
    }
  }

  /** One block's live status. */
  public record BlockStatus(@Nullable String blockId, String blockName, int sequenceNumber,
      State state, String status, double progress, long processedCount, long totalCount,
      @Nullable String errorMessage) {}

  /**
   * One result file of a run. The URL is a bearer credential valid for about 15 minutes: {@link
   * #toString()} leaves it out.
   *
   * @param downloadUrl the signed URL, or null when signing failed or the rows are inline
   * @param inline the rows themselves when the server sent them inline, else null
   */
  public record ResultFile(String filename, long rowCount, @Nullable Integer blockNumber,
      @Nullable URI downloadUrl, long expiresInSeconds, @Nullable List<Map<String, ?>> inline) {
    /** The file as a link {@code Sixtyfour.download} streams. */
    public DownloadLink link() {
      if (downloadUrl == null) {
        throw new ConfigurationException("result file '" + filename + "' has no download_url");
      }
      return new DownloadLink(downloadUrl, "", filename);
    }

    @Override
    public String toString() {
      return "ResultFile[" + filename + ", " + rowCount + " rows, block " + blockNumber
          + ", url=<redacted>]";
    }
  }
}

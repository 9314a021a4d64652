package io.s64.runner.input;

import com.fasterxml.jackson.databind.JsonNode;
import io.s64.error.ConfigurationException;
import io.s64.job.Job;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code workflow} object of a JSON line: {@code {"workflow_id": "...", "rows": [{...}, ...] |
 * "rows_file": "leads.csv", "rows_per_run": 500, "save_json": false}}. A {@code rows_file} is a CSV
 * or JSON-lines file, relative to the input file's folder.
 */
final class WorkflowLine {
  /** Rows per run when a line gives none. */
  static final int DEFAULT_ROWS_PER_RUN = 500;
  private static final Set<String> KNOWN = Set.of("workflow_id", "rows", "rows_file",
      "rows_per_run", "save_json");

  private WorkflowLine() {}

  static Job parse(String id, JsonNode w, Path baseDir) throws LineProblem {
    if (!w.isObject()) {
      throw new LineProblem("field 'workflow' must be an object such as {\"workflow_id\": \"...\","
          + " \"rows\": [...]} but was " + JsonValues.shown(w));
    }
    for (Iterator<String> it = w.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!KNOWN.contains(field)) {
        throw new LineProblem("field 'workflow." + field + "' is not known (known: workflow.rows,"
            + " workflow.rows_file, workflow.rows_per_run, workflow.save_json, workflow.workflow_id)");
      }
    }
    JsonNode workflowId = w.get("workflow_id");
    if (workflowId == null || !workflowId.isTextual() || workflowId.asText().isBlank()) {
      throw new LineProblem("field 'workflow.workflow_id' must be a non-empty string but was "
          + JsonValues.shown(workflowId));
    }
    boolean inline = w.has("rows");
    if (inline == w.has("rows_file")) {
      throw new LineProblem("field 'workflow' needs exactly one of 'workflow.rows' and"
          + " 'workflow.rows_file'");
    }
    int perRun = DEFAULT_ROWS_PER_RUN;
    JsonNode n = w.get("rows_per_run");
    if (n != null) {
      if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 1
          || n.asInt() > Job.Workflow.MAX_ROWS_PER_RUN) {
        throw new LineProblem("field 'workflow.rows_per_run' must be in 1.."
            + Job.Workflow.MAX_ROWS_PER_RUN + " but was " + JsonValues.shown(n));
      }
      perRun = n.asInt();
    }
    JsonNode save = w.get("save_json");
    if (save != null && !save.isBoolean()) {
      throw new LineProblem("field 'workflow.save_json' must be true or false but was "
          + JsonValues.shown(save));
    }
    List<Map<String, Object>> rows = inline ? inline(w.get("rows")) : fromFile(w.get("rows_file"), baseDir);
    if (rows.isEmpty()) {
      throw new LineProblem("field 'workflow." + (inline ? "rows" : "rows_file") + "' holds no rows");
    }
    try {
      return Job.workflow(id, workflowId.asText(), rows, perRun, save != null && save.asBoolean());
    } catch (ConfigurationException e) {
      throw new LineProblem(e.getMessage());
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> inline(JsonNode rows) throws LineProblem {
    if (!rows.isArray()) {
      throw new LineProblem("field 'workflow.rows' must be an array of objects but was "
          + JsonValues.shown(rows));
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (JsonNode row : rows) {
      if (!row.isObject()) {
        throw new LineProblem("field 'workflow.rows[" + out.size() + "]' must be an object but was "
            + JsonValues.shown(row));
      }
      out.add(JsonRecords.MAPPER.convertValue(row, LinkedHashMap.class));
    }
    return out;
  }

  private static List<Map<String, Object>> fromFile(JsonNode file, Path baseDir) throws LineProblem {
    if (!file.isTextual() || file.asText().isBlank()) {
      throw new LineProblem("field 'workflow.rows_file' must be a file name but was "
          + JsonValues.shown(file));
    }
    return WorkflowRows.readAll(baseDir.resolve(file.asText()).normalize());
  }
}

package io.s64.emulator.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s64.emulator.internal.Json;
import io.s64.emulator.workflow.RunRegistry;
import io.s64.emulator.workflow.RunResults;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The result files of workflow runs, at {@code workflows/<run_id>/<run_id>.<csv|json|ndjson>} in
 * the results bucket: the rows of the run's last block as RFC 4180 CSV (columns in the order they
 * first appear), a JSON array, or one JSON object per line. They exist once the run has
 * completed; JSON only for a run started with {@code save_json=true}.
 */
final class ResultFiles {
  static final String BUCKET = "s64-emulator-results";
  static final String PREFIX = "workflows/";
  static final List<String> FORMATS = List.of("csv", "json", "ndjson");

  /**
   * A rendered file.
   *
   * @param jobId the run
   * @param rows how many rows it holds
   * @param contentType its type
   * @param bytes its content
   */
  record Rendered(String jobId, int rows, String contentType, byte[] bytes) {}

  private ResultFiles() {}

  static String path(String jobId, String format) {
    return PREFIX + jobId + "/" + jobId + "." + format;
  }

  /** The file at {@code path}, or null when there is none (yet). */
  static @Nullable Rendered find(RunRegistry runs, String path, Instant now) {
    String rest = path.substring(PREFIX.length());
    int slash = rest.indexOf('/');
    int dot = rest.lastIndexOf('.');
    if (slash < 0 || dot < slash) {
      return null;
    }
    String jobId = rest.substring(0, slash);
    String format = rest.substring(dot + 1);
    if (!path.equals(path(jobId, format)) || !FORMATS.contains(format)) {
      return null;
    }
    RunResults results = runs.results(jobId, now);
    if (results == null || !results.completed() || (format.equals("json") && !results.saveJson())) {
      return null;
    }
    return render(results, format);
  }

  static Rendered render(RunResults results, String format) {
    List<ObjectNode> rows = results.rows();
    switch (format) {
      case "json":
        ArrayNode array = Json.array();
        rows.forEach(array::add);
        return new Rendered(results.jobId(), rows.size(), "application/json", Json.bytes(array));
      case "ndjson":
        StringBuilder lines = new StringBuilder();
        for (ObjectNode row : rows) {
          lines.append(new String(Json.bytes(row), StandardCharsets.UTF_8)).append('\n');
        }
        return new Rendered(results.jobId(), rows.size(), "application/x-ndjson",
            lines.toString().getBytes(StandardCharsets.UTF_8));
      default:
        return new Rendered(results.jobId(), rows.size(), StorageHandler.CSV, csv(rows));
    }
  }

  private static byte[] csv(List<ObjectNode> rows) {
    Set<String> names = new LinkedHashSet<>();
    for (ObjectNode row : rows) {
      row.fieldNames().forEachRemaining(names::add);
    }
    List<String> columns = new ArrayList<>(names);
    StringBuilder out = new StringBuilder(64 + rows.size() * 160);
    for (int i = 0; i < columns.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      Csv.field(out, columns.get(i));
    }
    out.append("\r\n");
    for (ObjectNode row : rows) {
      for (int i = 0; i < columns.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        JsonNode value = row.get(columns.get(i));
        Csv.field(out, value == null || value.isNull() ? ""
            : value.isValueNode() ? value.asText() : value.toString());
      }
      out.append("\r\n");
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }
}

package io.s64.runner.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.s64.error.ConfigurationException;
import io.s64.job.Job;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The rows a workflow receives, read from a file: a CSV with a header (each record a row of
 * strings, the header naming the columns) or JSON lines (each line an object). {@link #chunks}
 * makes the jobs of {@code s64 workflow run}, one per chunk of at most {@code rowsPerRun} rows, named
 * {@code chunk-0001}, {@code chunk-0002}, ... A record that is not a row (bad JSON, a CSV record
 * with more fields than the header) becomes an {@code invalid} job named after its line, and the
 * others go on.
 */
public final class WorkflowRows {
  /** A row, or what is wrong with the record on {@code line}. */
  private record Read(long line, @Nullable Map<String, Object> row, @Nullable String problem) {}

  private final String name;
  private final @Nullable CsvRecords csv;
  private final PhysicalLines lines;
  private @Nullable List<String> header;

  private WorkflowRows(Path file) throws IOException {
    this.name = file.toString();
    this.lines = new PhysicalLines(new FileInputStream(file.toFile()));
    this.csv = isCsv(file) ? new CsvRecords(lines) : null;
  }

  private static boolean isCsv(Path file) {
    String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (n.endsWith(".csv")) {
      return true;
    }
    if (n.endsWith(".jsonl") || n.endsWith(".ndjson")) {
      return false;
    }
    throw new InputException("rows file '" + file + "' must end in .csv, .jsonl or .ndjson");
  }

  /** Opens {@code file}; fails naming it when it cannot be read. */
  private static WorkflowRows open(Path file) {
    isCsv(file);
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new InputException("rows file '" + file + "' cannot be read (no such file, or not a"
          + " readable file)");
    }
    try {
      return new WorkflowRows(file);
    } catch (IOException e) {
      throw new InputException("rows file '" + file + "' cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Every row of {@code file}, for a {@code workflow} line's {@code rows_file}; a bad record fails
   * naming the file and its line.
   */
  static List<Map<String, Object>> readAll(Path file) throws LineProblem {
    WorkflowRows rows;
    try {
      rows = open(file);
    } catch (InputException e) {
      throw new LineProblem("field 'workflow.rows_file': " + e.getMessage());
    }
    List<Map<String, Object>> out = new ArrayList<>();
    try (PhysicalLines ignored = rows.lines) {
      for (Read r = rows.next(); r != null; r = rows.next()) {
        if (r.row() == null) {
          throw new LineProblem("field 'workflow.rows_file': '" + file + "' line " + r.line() + ": "
              + r.problem());
        }
        out.add(r.row());
      }
    } catch (IOException e) {
      throw new LineProblem("field 'workflow.rows_file': '" + file + "' cannot be read: " + e.getMessage());
    }
    return out;
  }

  /**
   * The jobs of {@code s64 workflow run}: the rows of {@code file} in chunks of at most {@code
   * rowsPerRun}, each a workflow job of one run, read as they are needed.
   */
  public static Flux<Job> chunks(Path file, String workflowId, int rowsPerRun, boolean saveJson) {
    if (rowsPerRun < 1 || rowsPerRun > Job.Workflow.MAX_ROWS_PER_RUN) {
      throw new InputException("--rows-per-run must be in 1.." + Job.Workflow.MAX_ROWS_PER_RUN
          + " but was " + rowsPerRun);
    }
    int[] chunk = {0};
    return Flux.<Job, WorkflowRows>generate(() -> open(file), (rows, sink) -> {
      try {
        for (Read r = rows.next(); r != null; r = rows.next()) {
          if (r.row() == null) {
            sink.next(RecordParser.invalid(JobIds.ofLine(r.line()), r.line(), String.valueOf(r.problem())));
            return rows;
          }
          rows.batch.add(r.row());
          if (rows.batch.size() == rowsPerRun) {
            sink.next(job(++chunk[0], workflowId, rows.takeBatch(), rowsPerRun, saveJson));
            return rows;
          }
        }
        if (rows.batch.isEmpty()) {
          sink.complete();
        } else {
          sink.next(job(++chunk[0], workflowId, rows.takeBatch(), rowsPerRun, saveJson));
        }
      } catch (IOException e) {
        sink.error(new InputException("rows file '" + rows.name + "' could not be read: "
            + e.getMessage(), e));
      }
      return rows;
    }, rows -> {
      try {
        rows.lines.close();
      } catch (IOException ignored) {
        // nothing more will be read
      }
    }).subscribeOn(Schedulers.boundedElastic());
  }

  /** The rows of the chunk being gathered. */
  private List<Map<String, Object>> batch = new ArrayList<>();

  private List<Map<String, Object>> takeBatch() {
    List<Map<String, Object>> out = batch;
    batch = new ArrayList<>();
    return out;
  }

  private static Job job(int n, String workflowId, List<Map<String, Object>> rows, int rowsPerRun,
      boolean saveJson) {
    String id = String.format(Locale.ROOT, "chunk-%04d", n);
    try {
      return Job.workflow(id, workflowId, rows, rowsPerRun, saveJson);
    } catch (ConfigurationException e) {
      return Job.invalid(id, e.getMessage());
    }
  }

  /** The next row or bad record, or null at the end. */
  private @Nullable Read next() throws IOException {
    return csv != null ? nextCsv(csv) : nextJson();
  }

  private @Nullable Read nextCsv(CsvRecords records) throws IOException {
    CsvRecords.Record r = records.next();
    if (r == null) {
      return null;
    }
    if (r.problem() != null) {
      return new Read(r.line(), null, r.problem());
    }
    if (header == null) {
      header = r.fields();
      return next();
    }
    if (r.fields().size() > header.size()) {
      return new Read(r.line(), null, "has " + r.fields().size() + " fields but the header names "
          + header.size() + " columns");
    }
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < r.fields().size(); i++) {
      row.put(header.get(i).strip(), r.fields().get(i));
    }
    return new Read(r.line(), row, null);
  }

  private @Nullable Read nextJson() throws IOException {
    for (Line line = lines.next(); line != null; line = lines.next()) {
      if (line.isBlank()) {
        continue;
      }
      if (line.text() == null) {
        return new Read(line.number(), null, line.problem());
      }
      try {
        JsonNode node = JsonRecords.MAPPER.readTree(line.text());
        if (node == null || !node.isObject()) {
          return new Read(line.number(), null, "not a JSON object (each line holds one row)");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> row = JsonRecords.MAPPER.convertValue(node, LinkedHashMap.class);
        return new Read(line.number(), row, null);
      } catch (JsonProcessingException e) {
        return new Read(line.number(), null, "not valid JSON (" + e.getOriginalMessage() + ")");
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }
    return null;
  }
}

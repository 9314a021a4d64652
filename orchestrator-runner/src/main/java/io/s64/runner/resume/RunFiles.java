package io.s64.runner.resume;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.s64.job.Outcome;
import io.s64.job.BatchEvent;
import io.s64.model.Row;
import io.s64.runner.input.IdTable;
import io.s64.runner.output.JournalJson;
import io.s64.runner.output.JsonLines;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the three files of an output folder for {@link ResumeState}, one streaming pass each:
 * outcomes (which jobs are finished), the journal (where the others stood) and the results (the
 * keys of rows the others already wrote). Blocking.
 */
final class RunFiles {
  private static final TypeReference<LinkedHashMap<String, @Nullable Object>> ROW =
      new TypeReference<>() {};

  private RunFiles() {}

  /** Whether an outcome is one a later run redoes (see {@link ResumeState}). */
  static boolean redo(JsonNode o) {
    String status = o.path("status").asText("");
    if (status.equals("cancelled") || status.equals("timed_out") || status.equals("invalid")) {
      return true;
    }
    return status.equals("failed") && o.path("error").path("status").asInt(0) == 401;
  }

  /**
   * Adds the finished jobs to {@code finished}, counting them by status and their rows.
   *
   * @return how many outcomes are to be redone
   */
  static int readOutcomes(Path file, IdTable finished, Map<Outcome.Status, Long> kept,
      long[] rows) throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    int redo = 0;
    long n = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        n++;
        JsonNode o = parse(line, file, n);
        if (o == null) {
          continue;
        }
        if (redo(o)) {
          redo++;
          continue;
        }
        String id = o.path("job_id").asText();
        if (finished.putIfAbsent(id, n) == 0) {
          Outcome.Status status = status(o, file, n);
          kept.merge(status, 1L, Long::sum);
          rows[0] += o.path("rows").asLong(0);
        }
      }
    }
    return redo;
  }

  private static Outcome.Status status(JsonNode o, Path file, long n) throws IOException {
    String wire = o.path("status").asText("");
    for (Outcome.Status s : Outcome.Status.values()) {
      if (s.wire().equals(wire)) {
        return s;
      }
    }
    throw new IOException(file.getFileName() + " line " + n + " has an unknown status '" + wire + "'");
  }

  /** Rewrites the outcomes without the ones to redo, beside the file, then renames it in place. */
  static void dropRedoneOutcomes(Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        Writer out = new BufferedWriter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        JsonNode o = line.isBlank() ? null : JsonLines.MAPPER.readTree(line);
        if (o != null && !redo(o)) {
          out.write(line);
          out.write('\n');
        }
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Records where each unfinished job stood; returns the first header line, or null. */
  static @Nullable JsonNode readJournal(Path file, IdTable finished,
      Map<String, JobProgress> unfinished) throws IOException {
    if (!Files.exists(file)) {
      return null;
    }
    JsonNode header = null;
    long n = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        n++;
        JsonNode e = parse(line, file, n);
        if (e == null) {
          continue;
        }
        String type = e.path("type").asText("");
        if (type.equals("header")) {
          header = header == null ? e : header;
          continue;
        }
        String job = e.path("job").asText("");
        if (job.isEmpty() || finished.contains(job)) {
          continue;
        }
        BatchEvent event = JournalJson.event(e);
        if (event != null) {
          unfinished.computeIfAbsent(job, k -> new JobProgress()).apply(event);
        }
      }
    }
    return header;
  }

  /** Adds the keys of the rows already written by each unfinished job. */
  static void readResults(Path file, Map<String, JobProgress> unfinished) throws IOException {
    if (!Files.exists(file) || unfinished.isEmpty()) {
      return;
    }
    long n = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        JobProgress p = unfinished.get(jobIdOf(line, file, n));
        if (p != null) {
          Map<String, @Nullable Object> fields = JsonLines.MAPPER.readValue(line, ROW);
          fields.remove("_job_id");
          p.keys.add(Row.of(fields).key());
        }
      }
    }
  }

  /** The {@code _job_id} of a results line, read without parsing the whole row when it leads. */
  private static String jobIdOf(String line, Path file, long n) throws IOException {
    try (JsonParser p = JsonLines.MAPPER.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException(file.getFileName() + " line " + n + " is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("_job_id")) {
          return p.getValueAsString("");
        }
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
          p.skipChildren();
        }
      }
      return "";
    }
  }

  private static @Nullable JsonNode parse(String line, Path file, long n) throws IOException {
    if (line.isBlank()) {
      return null;
    }
    try {
      return JsonLines.MAPPER.readTree(line);
    } catch (IOException e) {
      throw new IOException(file.getFileName() + " line " + n + " is not valid JSON (was the"
          + " folder edited?): " + e.getMessage(), e);
    }
  }
}

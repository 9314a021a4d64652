package io.s64.runner.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.s64.runner.output.JsonLines;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What the report reads from an output folder, in one pass over each file. Counts cover every
 * outcome; the jobs kept for the table and the timeline are bounded ({@link #MAX_JOBS} each, the
 * jobs that did not complete before the others), so a run of millions of jobs still gives a
 * report that opens.
 */
final class RunFolder {
  /** At most this many jobs in the table, and deep searches on the timeline. */
  static final int MAX_JOBS = 20_000;

  /** The statuses, failures first: the table's default order. */
  static final List<String> STATUSES =
      List.of("failed", "timed_out", "cancelled", "invalid", "duplicate", "completed");

  final @Nullable JsonNode journalHeader;
  final @Nullable JsonNode summary;
  final RequestWindows requests;
  /** Jobs for the table: those that did not complete first, at most {@link #MAX_JOBS}. */
  final List<JobLine> table = new ArrayList<>();
  /** Deep searches that held a slot, at most {@link #MAX_JOBS}, in file order. */
  final List<JobLine> searches = new ArrayList<>();
  /** Outcomes by status, then kind. */
  final Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
  /** Rows delivered, by the second their job ended (epoch seconds). */
  final TreeMap<Long, Long> rowsBySecond = new TreeMap<>();
  long jobs;
  long rows;
  long searchesTotal;
  @Nullable Instant first;
  @Nullable Instant last;

  private RunFolder(@Nullable JsonNode journalHeader, @Nullable JsonNode summary,
      RequestWindows requests) {
    this.journalHeader = journalHeader;
    this.summary = summary;
    this.requests = requests;
  }

  /** Reads {@code dir}; fails when it holds no {@code outcomes.jsonl}. */
  static RunFolder read(Path dir) throws IOException {
    Path outcomes = dir.resolve("outcomes.jsonl");
    if (!Files.isRegularFile(outcomes)) {
      throw new IOException("'" + dir + "' holds no outcomes.jsonl: not an s64 output folder");
    }
    Path summaryFile = dir.resolve("summary.json");
    JsonNode summary = Files.isRegularFile(summaryFile) ? readJson(summaryFile) : null;
    RunFolder f = new RunFolder(firstLine(dir.resolve("journal.jsonl")), summary,
        RequestWindows.read(dir.resolve("requests.jsonl")));
    List<JobLine> done = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(outcomes, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        JsonNode o = parse(line);
        if (o != null && o.hasNonNull("job_id")) {
          f.add(JobLine.of(o), done);
        }
      }
    }
    for (JobLine j : done) {
      if (f.table.size() >= MAX_JOBS) {
        break;
      }
      f.table.add(j);
    }
    f.table.sort((a, b) -> Integer.compare(rank(a.status()), rank(b.status())));
    f.first = Charts.min(f.first, instant(f.journalHeader, "at"));
    f.first = Charts.min(f.first, f.requests.origin);
    f.last = Charts.max(f.last, instant(summary, "finished_at"));
    return f;
  }

  private void add(JobLine j, List<JobLine> done) {
    jobs++;
    rows += j.rows();
    counts.computeIfAbsent(j.status(), s -> new LinkedHashMap<>()).merge(j.kind(), 1L, Long::sum);
    boolean ok = j.status().equals("completed") || j.status().equals("duplicate");
    if (!ok && table.size() < MAX_JOBS) {
      table.add(j);
    } else if (ok && done.size() < MAX_JOBS) {
      done.add(j);
    }
    if (j.heldSlot()) {
      searchesTotal++;
      if (searches.size() < MAX_JOBS) {
        searches.add(j);
      }
    }
    if (j.finishedAt() != null) {
      rowsBySecond.merge(j.finishedAt().getEpochSecond(), j.rows(), Long::sum);
      last = Charts.max(last, j.finishedAt());
      Instant began = j.startedAt() != null ? j.startedAt()
          : j.finishedAt().minusMillis(Math.max(0, j.elapsedMs()));
      first = Charts.min(first, began);
    }
  }

  /** A status's place in the table's default order; unknown statuses last. */
  static int rank(String status) {
    int i = STATUSES.indexOf(status);
    return i < 0 ? STATUSES.size() : i;
  }

  private static @Nullable Instant instant(@Nullable JsonNode node, String field) {
    return node == null ? null : RequestWindows.instant(node.path(field).asText(""));
  }

  private static @Nullable JsonNode firstLine(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line = in.readLine();
      return line == null ? null : parse(line);
    }
  }

  private static @Nullable JsonNode readJson(Path file) {
    try {
      return JsonLines.MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      return null;
    }
  }

  private static @Nullable JsonNode parse(String line) {
    if (line.isBlank()) {
      return null;
    }
    try {
      return JsonLines.MAPPER.readTree(line);
    } catch (IOException e) {
      return null; // a torn last line
    }
  }

  /** The settings worth showing, by name: the journal header's, then the request log's. */
  Map<String, String> settings() {
    Map<String, String> m = new LinkedHashMap<>();
    if (journalHeader != null) {
      m.put("input", journalHeader.path("input").asText(""));
      journalHeader.path("options").fields().forEachRemaining(e ->
          m.put(e.getKey(), e.getValue().isNull() ? "(the API's default)" : e.getValue().asText()));
    }
    requests.settings().forEach((k, v) -> {
      if (k.endsWith("_ms")) {
        m.put(k.substring(0, k.length() - 3), v.isNull() ? "(default)" : Html.duration(v.asLong()));
      } else {
        m.put(k, v.isNull() ? "(default)" : v.asText());
      }
    });
    if (summary != null) {
      m.put("resumed", summary.path("resumed").asText(""));
      m.put("exit_code", summary.path("exit_code").asText(""));
    }
    return m;
  }
}

package io.s64.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorStats;
import io.s64.emulator.SearchRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads a run's output folder and checks the exactly-once facts against the emulator. */
final class OutFolder {
  static final ObjectMapper JSON = new ObjectMapper();

  final Path dir;

  OutFolder(Path dir) {
    this.dir = dir;
  }

  static List<JsonNode> lines(Path file) {
    try {
      if (!Files.exists(file)) {
        return List.of();
      }
      List<JsonNode> out = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          out.add(JSON.readTree(line));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<JsonNode> outcomes() {
    return lines(dir.resolve("outcomes.jsonl"));
  }

  List<JsonNode> results() {
    return lines(dir.resolve("results.jsonl"));
  }

  List<JsonNode> journal() {
    return lines(dir.resolve("journal.jsonl"));
  }

  JsonNode summary() {
    try {
      return JSON.readTree(dir.resolve("summary.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The outcome of each job, failing when a job has more than one. */
  Map<String, JsonNode> outcomeByJob() {
    Map<String, JsonNode> by = new LinkedHashMap<>();
    for (JsonNode o : outcomes()) {
      JsonNode before = by.put(o.get("job_id").asText(), o);
      assertEquals(null, before, "a second outcome for " + o.get("job_id"));
    }
    return by;
  }

  /**
   * Every job has exactly one outcome, every row is written once (by job and row id), each job's
   * rows match its outcome, and a completed job holds every row the server has for its search.
   */
  void assertExactlyOnce(Set<String> jobIds, Emulator emulator) {
    Map<String, JsonNode> outcomes = outcomeByJob();
    assertEquals(jobIds, outcomes.keySet(), "one outcome per input job");
    Map<String, Long> rowsByJob = new HashMap<>();
    Set<String> seen = new HashSet<>();
    for (JsonNode row : results()) {
      String job = row.get("_job_id").asText();
      String key = job + "|" + row.get("id").asText();
      assertEquals(true, seen.add(key), "row written twice: " + key);
      rowsByJob.merge(job, 1L, Long::sum);
    }
    EmulatorStats stats = emulator.stats();
    for (JsonNode o : outcomes.values()) {
      String job = o.get("job_id").asText();
      long written = rowsByJob.getOrDefault(job, 0L);
      assertEquals(o.get("rows").asLong(), written, "rows of " + job + " in results.jsonl");
      if (o.get("status").asText().equals("completed")) {
        Long total = stats.rowsTotal().get(o.get("search_id").asText());
        assertEquals(total, Long.valueOf(written), "every row of the search of " + job);
      }
    }
  }

  /** No deep query was searched twice: one emulator search per distinct query text. */
  static void assertOneSearchPerQuery(Emulator emulator) {
    Map<String, Long> perQuery = emulator.searches().stream()
        .filter(s -> s.kind().equals("deep"))
        .collect(Collectors.groupingBy(SearchRecord::query, Collectors.counting()));
    perQuery.forEach((q, n) -> assertEquals(1L, n, "searches for '" + q + "'"));
    assertEquals(perQuery.size(), emulator.stats().searchesCreated());
  }
}

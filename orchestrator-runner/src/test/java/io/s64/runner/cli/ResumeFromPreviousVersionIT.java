package io.s64.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import io.s64.emulator.EmulatorStats;
import io.s64.emulator.SearchRecord;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

/**
 * Backward compatibility of the output folder: {@code --resume} of a folder written by s64 0.1
 * (commit c5c60d4), the fixture {@code fixtures/v0.1-interrupted} (see its README: a mixed run
 * killed with SIGKILL part way, with finished, paging, terminal, running and admitted-only jobs).
 * The resumed run must end every job once, keep the earlier outcomes and rows byte for byte, write
 * no row twice, end with the outcomes and rows of an uninterrupted run against an emulator with the
 * same seed, and start no server work for a job the earlier run finished.
 *
 * <p>The emulator that made the fixture is gone, and a fresh one knows none of its tasks. So the
 * test plays "the same server, later": on a fresh emulator with the fixture's seed it recreates
 * each task the journal says was started and not finished (deep searches with the journal's
 * {@code search_id}, the export, an intelligence job) and puts the new task ids in place of the old
 * ones in the copied journal. It also points the header's {@code input} at the copied input (the
 * header records an absolute path). Nothing else of the fixture is changed: its page cursors are
 * unknown to the new server, so paging falls back to reading again by {@code search_id}.
 */
class ResumeFromPreviousVersionIT {
  private static final Duration RUN = Duration.ofSeconds(120);
  /** The seed of the emulator that made the fixture: rows are a function of it and the query. */
  private static final long SEED = 4242;
  private static final String FIXTURE = "/fixtures/v0.1-interrupted";
  private static final String KEY = "sk-resume-v01-test-not-a-real-key";
  /** The search the input's export line names; made before the run, as the fixture's script did. */
  private static final String EXPORT_SOURCE = "v01-fixture-export-source";
  private static final String EXPORT_SOURCE_BODY = "{\"query\":\"Heads of Growth at consumer apps"
      + " in London\",\"max_results\":20,\"search_id\":\"" + EXPORT_SOURCE + "\"}";
  private static final Set<String> REDONE = Set.of("invalid", "cancelled", "timed_out");

  @TempDir Path work;

  private final HttpClient http = HttpClient.newHttpClient();

  /**
   * The fixture's emulator flags, with shorter durations (they change no row). Ten slots: the
   * recreated searches all start at once, where the old server had finished some of them.
   */
  private static Emulator emulator() {
    return Emulator.start(EmulatorConfig.builder().port(0).seed(SEED).slots(10)
        .searchDuration(Duration.ofMillis(300), Duration.ofMillis(1200))
        .exportDuration(Duration.ofMillis(100), Duration.ofMillis(300))
        .enrichDuration(Duration.ofMillis(200), Duration.ofMillis(500))
        .build());
  }

  /** The fixture run's command (see its README), with this emulator. */
  private static String[] args(Emulator emulator, String out, String... more) {
    List<String> a = new ArrayList<>(List.of("run", "jobs.jsonl", "--out", out, "--base-url",
        emulator.baseUrl(), "--poll-interval", "200ms", "--page-size", "10", "--rate-limit", "10",
        "--rate-window", "1s", "--slots", "3", "--progress", "none"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  @Test
  void aFolderInterruptedByVersion01ResumesToTheOutputsOfAnUninterruptedRun() throws Exception {
    Path fixture = fixture();
    Files.copy(fixture.resolve("jobs.jsonl"), work.resolve("jobs.jsonl"));
    Path out = Files.createDirectories(work.resolve("out"));
    for (String f : List.of("outcomes.jsonl", "results.jsonl", "journal.jsonl")) {
      Files.copy(fixture.resolve("out").resolve(f), out.resolve(f));
    }
    List<String> input = Files.readAllLines(work.resolve("jobs.jsonl"), StandardCharsets.UTF_8);
    Set<String> jobIds = new TreeSet<>(Inputs.ids(input));
    List<String> oldOutcomes = nonBlank(out.resolve("outcomes.jsonl"));
    List<String> kept = oldOutcomes.stream()
        .filter(l -> !REDONE.contains(parse(l).get("status").asText())).collect(Collectors.toList());
    Set<String> finishedBefore = kept.stream().map(l -> parse(l).get("job_id").asText())
        .collect(Collectors.toSet());
    byte[] oldResults = Files.readAllBytes(out.resolve("results.jsonl"));
    List<JsonNode> oldJournal = OutFolder.lines(out.resolve("journal.jsonl"));
    assertFixtureIsInterruptedPartWay(jobIds, finishedBefore, oldJournal);

    Cli cli = new Cli(work).env("SIXTYFOUR_API_KEY", KEY);

    // An uninterrupted run of the same input against an emulator with the same seed.
    Map<String, String> expectedOutcomes;
    Map<String, Set<String>> expectedRows;
    int expectedExit;
    try (Emulator reference = emulator()) {
      createExportSource(reference);
      Cli.Run whole = cli.run(RUN, args(reference, "reference"));
      expectedExit = whole.process.exitValue();
      OutFolder ref = new OutFolder(work.resolve("reference"));
      expectedOutcomes = facts(ref);
      expectedRows = rowsByJob(ref);
      assertEquals(jobIds, expectedOutcomes.keySet(), whole.stderr());
    }
    assertEquals(1, expectedExit, "exit 1: the input holds one invalid line");

    try (Emulator emulator = emulator()) {
      createExportSource(emulator);
      Map<String, String> newTaskIds = recreateUnfinishedTasks(emulator, input, oldJournal,
          finishedBefore);
      String journalBefore = relocate(out.resolve("journal.jsonl"), work.resolve("jobs.jsonl"),
          newTaskIds);

      Cli.Run resumed = cli.run(RUN, args(emulator, "out", "--resume"));
      String err = resumed.stderr();
      assertEquals(expectedExit, resumed.process.exitValue(), err);
      assertFalse(err.contains("warning: option"), "the same options as the fixture's run: " + err);

      OutFolder folder = new OutFolder(out);
      // One outcome per input job, with the facts of the uninterrupted run.
      Map<String, JsonNode> outcomes = folder.outcomeByJob();
      assertEquals(jobIds, new TreeSet<>(outcomes.keySet()), "one outcome per input job");
      assertEquals(expectedOutcomes, facts(folder), "outcomes of the uninterrupted run");
      assertEquals("invalid", outcomes.get("bad-mode").get("status").asText());

      // The outcomes of the earlier run come first, unchanged (the invalid one was redone).
      List<String> newOutcomes = nonBlank(out.resolve("outcomes.jsonl"));
      assertEquals(kept, newOutcomes.subList(0, kept.size()),
          "the outcomes written before the interruption are kept unchanged");
      // The rows of the earlier run come first, unchanged; no row twice; rows of the reference.
      byte[] newResults = Files.readAllBytes(out.resolve("results.jsonl"));
      assertTrue(newResults.length >= oldResults.length && java.util.Arrays.equals(oldResults, 0,
          oldResults.length, newResults, 0, oldResults.length), "earlier rows kept byte for byte");
      Set<String> seen = new HashSet<>();
      for (JsonNode row : folder.results()) {
        String key = row.get("_job_id").asText() + "|" + rowKey(row);
        assertTrue(seen.add(key), "row written twice: " + key);
      }
      Map<String, Set<String>> rows = rowsByJob(folder);
      for (String job : jobIds) {
        Set<String> mine = rows.getOrDefault(job, Set.of());
        assertEquals(outcomes.get(job).get("rows").asLong(), mine.size(), "rows of " + job);
        assertEquals(expectedRows.getOrDefault(job, Set.of()), mine,
            "rows of " + job + " equal those of the uninterrupted run");
      }

      // The journal: the earlier lines unchanged, then this run's header and lines; all parse.
      String journalAfter = Files.readString(out.resolve("journal.jsonl"), StandardCharsets.UTF_8);
      assertTrue(journalAfter.startsWith(journalBefore), "the earlier journal is kept as it was");
      List<JsonNode> journal = folder.journal();
      Set<String> types = Set.of("header", "admitted", "started", "terminal", "committed");
      journal.forEach(e -> assertTrue(types.contains(e.path("type").asText()), e.toString()));
      List<JsonNode> headers = journal.stream().filter(e -> e.get("type").asText().equals("header"))
          .collect(Collectors.toList());
      assertEquals(2, headers.size(), "the fixture's header and the resumed run's");
      assertTrue(headers.get(1).get("resume").asBoolean());
      assertEquals(headers.get(0).get("options"), headers.get(1).get("options"));
      for (JsonNode e : journal.subList(oldJournal.size(), journal.size())) {
        assertFalse(finishedBefore.contains(e.path("job").asText()),
            "a job finished before the interruption is not taken up again: " + e);
      }

      JsonNode summary = folder.summary();
      assertTrue(summary.get("resumed").asBoolean(), summary.toString());
      assertEquals(jobIds.size(), summary.get("jobs").asInt(), summary.toString());

      assertServerSawNoSecondWork(emulator, input, oldJournal, finishedBefore, newTaskIds);
      System.out.println("resume of v0.1 fixture: " + kept.size() + " outcomes kept, "
          + newTaskIds.size() + " tasks re-attached, " + folder.results().size() + " rows, "
          + emulator.stats().requestsTotal() + " requests");
    }
  }

  /** The fixture is what its README says: part way, with work in every state. */
  private static void assertFixtureIsInterruptedPartWay(Set<String> jobIds, Set<String> finished,
      List<JsonNode> journal) {
    assertEquals("header", journal.get(0).get("type").asText());
    assertEquals(1, journal.get(0).get("version").asInt());
    assertTrue(finished.size() >= 3 && finished.size() < jobIds.size(), "finished: " + finished);
    Map<String, List<String>> steps = steps(journal);
    steps.keySet().removeAll(finished);
    assertTrue(steps.values().stream().anyMatch(s -> s.equals(List.of("admitted"))),
        "an admitted job never started: " + steps);
    assertTrue(steps.values().stream().anyMatch(s -> s.get(s.size() - 1).equals("started")),
        "a search still running: " + steps);
    assertTrue(steps.values().stream().anyMatch(s -> s.get(s.size() - 1).equals("terminal")),
        "a search terminal and not read: " + steps);
    assertTrue(steps.values().stream().anyMatch(s -> s.contains("committed")),
        "a job part way through its pages: " + steps);
  }

  /** The server saw nothing again for the finished jobs, and every start reused its search_id. */
  private static void assertServerSawNoSecondWork(Emulator emulator, List<String> input,
      List<JsonNode> oldJournal, Set<String> finishedBefore, Map<String, String> newTaskIds) {
    Map<String, JsonNode> byId = inputById(input);
    Set<String> finishedQueries = new HashSet<>();
    for (String job : finishedBefore) {
      JsonNode line = byId.get(job);
      if (line != null && line.has("query")) {
        finishedQueries.add(line.get("query").asText());
      }
    }
    List<SearchRecord> searches = emulator.searches();
    for (SearchRecord s : searches) {
      assertFalse(finishedQueries.contains(s.query()),
          "a search for a job finished before the interruption: " + s);
    }
    EmulatorStats stats = emulator.stats();
    assertTrue(finishedBefore.contains("gb-companies"), "the fixture's filter job finished");
    assertEquals(0, stats.filterSearchesCreated(), "the filter job finished before the interruption");
    assertEquals(finishedBefore.contains("ada") ? 0 : 1, stats.enrichmentJobsCreated(),
        "no second intelligence job");
    assertEquals(1, stats.exportsCreated(), "only the export this test recreated");
    OutFolder.assertOneSearchPerQuery(emulator);
    // Every deep search has the search_id the earlier run chose (or the export's source).
    Set<String> journalSearchIds = oldJournal.stream().map(e -> e.path("search_id").asText(""))
        .filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    for (SearchRecord s : searches) {
      if (s.kind().equals("deep")) {
        assertTrue(s.searchId().equals(EXPORT_SOURCE) || journalSearchIds.contains(s.searchId()),
            "a deep search with a search_id the journal does not hold: " + s);
      }
    }
    long deepUnfinished = oldJournal.stream()
        .filter(e -> e.path("type").asText().equals("admitted") && e.path("kind").asText().equals("deep"))
        .map(e -> e.get("job").asText()).filter(j -> !finishedBefore.contains(j)).distinct().count();
    assertEquals(1 + deepUnfinished, stats.searchesCreated(),
        "the export's source plus one search per unfinished deep job; re-attached: " + newTaskIds);
  }

  private static Map<String, List<String>> steps(List<JsonNode> journal) {
    Map<String, List<String>> steps = new LinkedHashMap<>();
    for (JsonNode e : journal) {
      if (e.has("job")) {
        steps.computeIfAbsent(e.get("job").asText(), k -> new ArrayList<>()).add(e.get("type").asText());
      }
    }
    return steps;
  }

  /**
   * Recreates on {@code emulator} the tasks the journal says were started by jobs that did not
   * finish: the state a server that outlived the run would still hold.
   *
   * @return the journal's task ids, mapped to the new ones
   */
  private Map<String, String> recreateUnfinishedTasks(Emulator emulator, List<String> input,
      List<JsonNode> journal, Set<String> finished) throws IOException, InterruptedException {
    Map<String, JsonNode> byId = inputById(input);
    Map<String, String> kinds = new HashMap<>();
    Map<String, String> newTaskIds = new LinkedHashMap<>();
    for (JsonNode e : journal) {
      String job = e.path("job").asText();
      String type = e.path("type").asText();
      if (type.equals("admitted")) {
        kinds.put(job, e.get("kind").asText());
      }
      if (!type.equals("started") || finished.contains(job)) {
        continue;
      }
      JsonNode line = byId.get(job);
      ObjectNode body = OutFolder.JSON.createObjectNode();
      String path;
      switch (kinds.get(job)) {
        case "deep":
          path = "/search/start-deep-search";
          body.set("query", line.get("query"));
          for (String f : List.of("mode", "max_results")) {
            if (line.has(f)) {
              body.set(f, line.get(f));
            }
          }
          body.put("search_id", e.get("search_id").asText());
          break;
        case "export":
          path = "/search/export";
          body.put("search_id", line.get("export").get("search_id").asText());
          break;
        case "people_intelligence":
          path = "/people-intelligence-async";
          body.setAll((ObjectNode) line.get("people_intelligence"));
          break;
        default:
          fail("the fixture has a started " + kinds.get(job) + " job; teach this test to recreate it");
          return Map.of();
      }
      JsonNode task = post(emulator, path, body.toString());
      newTaskIds.put(e.get("task_id").asText(), task.get("task_id").asText());
    }
    return newTaskIds;
  }

  /**
   * Points the journal's header at the copied input and the started tasks at their recreations.
   * Text replacements only: every other byte stays the fixture's.
   *
   * @return the journal as the resumed run finds it
   */
  private static String relocate(Path journal, Path input, Map<String, String> newTaskIds)
      throws IOException {
    String text = Files.readString(journal, StandardCharsets.UTF_8);
    String oldInput = parse(text.substring(0, text.indexOf('\n'))).get("input").asText();
    String from = "\"input\":" + OutFolder.JSON.writeValueAsString(oldInput);
    assertTrue(text.contains(from));
    text = text.replace(from, "\"input\":" + OutFolder.JSON.writeValueAsString(
        input.toAbsolutePath().normalize().toString()));
    for (Map.Entry<String, String> t : newTaskIds.entrySet()) {
      text = text.replace("\"task_id\":\"" + t.getKey() + "\"", "\"task_id\":\"" + t.getValue() + "\"");
    }
    Files.writeString(journal, text, StandardCharsets.UTF_8);
    return text;
  }

  /** Starts the search the export line names, with its fixed search_id, and waits until it completes. */
  private void createExportSource(Emulator emulator) throws IOException, InterruptedException {
    post(emulator, "/search/start-deep-search", EXPORT_SOURCE_BODY);
    await("the export's source search to complete", () -> emulator.searches().stream()
        .anyMatch(s -> s.searchId().equals(EXPORT_SOURCE) && s.kind().equals("deep")
            && s.status().equals("completed")));
  }

  private JsonNode post(Emulator emulator, String path, String body)
      throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
        .header("x-api-key", KEY).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), path + " " + body + ": " + r.body());
    return parse(r.body());
  }

  /** Waits, checking every 50 ms, for the emulator clock to bring about {@code done}. */
  private static void await(String what, BooleanSupplier done) {
    Boolean reached = Flux.interval(Duration.ZERO, Duration.ofMillis(50))
        .map(t -> done.getAsBoolean()).filter(b -> b)
        .blockFirst(Duration.ofSeconds(30));
    assertNotNull(reached, what);
  }

  /** Outcome facts that must not depend on the interruption: status, rows, duplicate_of. */
  private static Map<String, String> facts(OutFolder folder) {
    Map<String, String> facts = new TreeMap<>();
    folder.outcomeByJob().forEach((job, o) -> facts.put(job, o.get("kind").asText() + " "
        + o.get("status").asText() + " " + o.get("rows").asLong() + " " + o.path("duplicate_of").asText()));
    return facts;
  }

  /**
   * Each job's rows as JSON text; an intelligence row without its {@code task_id}, which each
   * server draws at random (the result itself is a function of the seed and the input).
   */
  private static Map<String, Set<String>> rowsByJob(OutFolder folder) {
    Map<String, Set<String>> rows = new TreeMap<>();
    for (JsonNode r : folder.results()) {
      ObjectNode row = ((ObjectNode) r).deepCopy();
      if (row.has("task_type")) {
        row.remove("task_id");
      }
      String job = row.get("_job_id").asText();
      assertTrue(rows.computeIfAbsent(job, k -> new TreeSet<>()).add(row.toString()),
          "row written twice: " + row);
    }
    return rows;
  }

  /** The runner's row key: id, else linkedin_url, else domain, else the whole row. */
  private static String rowKey(JsonNode row) {
    for (String f : List.of("id", "linkedin_url", "domain")) {
      if (row.hasNonNull(f)) {
        return f + ":" + row.get(f).asText();
      }
    }
    return row.toString();
  }

  private static Map<String, JsonNode> inputById(List<String> input) {
    Map<String, JsonNode> byId = new HashMap<>();
    List<String> ids = Inputs.ids(input);
    for (int i = 0; i < input.size(); i++) {
      byId.put(ids.get(i), parse(input.get(i)));
    }
    return byId;
  }

  private static List<String> nonBlank(Path file) throws IOException {
    try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return lines.filter(l -> !l.isBlank()).collect(Collectors.toList());
    }
  }

  private static JsonNode parse(String json) {
    try {
      return OutFolder.JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("not JSON: " + json, e);
    }
  }

  private Path fixture() throws URISyntaxException {
    var url = getClass().getResource(FIXTURE + "/jobs.jsonl");
    assertNotNull(url, "the fixture " + FIXTURE + " is on the test class path");
    return Path.of(url.toURI()).getParent();
  }
}

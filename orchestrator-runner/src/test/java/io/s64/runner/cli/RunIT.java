package io.s64.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code s64 run} as a process against an emulator in the test JVM. */
class RunIT {
  private static final Duration RUN = Duration.ofSeconds(90);
  private static final String KEY = "sk-test-7c1d-not-a-real-key";

  @TempDir Path work;
  private Emulator emulator;
  private Cli cli;

  @BeforeEach
  void start() {
    emulator = Emulator.start(EmulatorConfig.builder().port(0).seed(5)
        .searchDuration(Duration.ofMillis(200), Duration.ofSeconds(1))
        .exportDuration(Duration.ofMillis(100), Duration.ofMillis(300))
        .build());
    cli = new Cli(work).env("SIXTYFOUR_API_KEY", KEY);
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private String[] run(String input, String... more) {
    List<String> args = new ArrayList<>(List.of("run", input, "--out", "out", "--base-url",
        emulator.baseUrl(), "--poll-interval", "200ms", "--progress", "plain"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void aMixedFileEndsWithEveryJobOnceEveryRowOnceAndExitZero() throws Exception {
    List<String> lines = Inputs.mixed(7, 3);
    Inputs.write(work, "jobs.jsonl", lines);
    Cli.Run r = cli.run(RUN, run("jobs.jsonl", "--page-size", "20"));
    assertEquals(0, r.process.exitValue(), r.stderr());
    OutFolder out = new OutFolder(work.resolve("out"));
    out.assertExactlyOnce(new HashSet<>(Inputs.ids(lines)), emulator);
    Map<String, JsonNode> outcomes = out.outcomeByJob();
    assertEquals("duplicate", outcomes.get("deep-dup").get("status").asText());
    assertEquals("deep-0", outcomes.get("deep-dup").get("duplicate_of").asText());
    assertEquals("completed", outcomes.get("line-" + lines.size()).get("status").asText());
    assertTrue(out.results().stream().allMatch(row -> row.hasNonNull("_job_id")));
    OutFolder.assertOneSearchPerQuery(emulator);
    JsonNode summary = out.summary();
    assertEquals(lines.size(), summary.get("jobs").asInt());
    assertEquals(lines.size() - 1, summary.get("by_status").get("completed").asInt());
    assertEquals(1, summary.get("by_status").get("duplicate").asInt());
    assertEquals(out.results().size(), summary.get("rows").asInt());
    assertEquals(0, summary.get("exit_code").asInt());
    assertTrue(summary.get("slot_efficiency").asDouble() > 0, summary.toString());
    assertTrue(r.stderr().contains("s64: " + lines.size() + " jobs (" + (lines.size() - 1)
        + " completed, 1 duplicate)"), r.stderr());
    JsonNode header = out.journal().get(0);
    assertEquals("header", header.get("type").asText());
    assertEquals(work.resolve("jobs.jsonl").toRealPath().toString(), header.get("input").asText());
  }

  @Test
  void outcomesKeepTheLastPhaseAndIterationCountOfEachDeepSearch() throws Exception {
    List<String> lines = Inputs.mixed(2, 1);
    Inputs.write(work, "jobs.jsonl", lines);
    Cli.Run r = cli.run(RUN, run("jobs.jsonl"));
    assertEquals(0, r.process.exitValue(), r.stderr());
    Map<String, JsonNode> outcomes = new OutFolder(work.resolve("out")).outcomeByJob();
    for (String deep : List.of("deep-0", "deep-1", "line-" + lines.size())) {
      JsonNode o = outcomes.get(deep);
      assertEquals(3, o.get("phase").asInt(), o.toString());
      assertEquals(3, o.get("iterations").asInt(), "the emulator's three iterations: " + o);
    }
    for (String other : List.of("deep-dup", "filter-0")) {
      JsonNode o = outcomes.get(other);
      assertTrue(o.get("phase").isNull() && o.get("iterations").isNull(), o.toString());
    }
  }

  @Test
  void theProgressLineShowsTheNewestMessageOfARunningSearchWithinTheTerminalWidth() throws Exception {
    try (Emulator slow = Emulator.start(EmulatorConfig.builder().port(0).seed(5)
        .searchDuration(Duration.ofSeconds(3), Duration.ofSeconds(3)).build())) {
      Inputs.write(work, "one.jsonl", List.of("{\"id\":\"slow\",\"query\":\"heads of growth in Lisbon\"}"));
      Cli.Run r = new Cli(work).env("SIXTYFOUR_API_KEY", KEY).env("COLUMNS", "100").run(RUN, "run", "one.jsonl",
          "--out", "out", "--base-url", slow.baseUrl(), "--poll-interval", "200ms", "--progress", "tty");
      assertEquals(0, r.process.exitValue(), r.stderr());
      List<String> drawn = Stream.of(r.stderr().split("\r\u001b\\[K")).map(d -> d.split("\n")[0])
          .filter(d -> d.startsWith("jobs ")).collect(Collectors.toList());
      assertTrue(drawn.stream().anyMatch(d -> d.contains(" | slow: Searching (iteration ")
              || d.matches(".* \\| slow: Searc.*\\.\\.\\.")),
          "a redrawn line shows the search's progress message: " + drawn);
      assertTrue(drawn.stream().allMatch(d -> d.length() <= 99), "every line fits 100 columns: " + drawn);
    }
  }

  @Test
  void aDuplicateOfAFailedSearchIsWrittenFailedNextToItsOriginalAndExitIsOne() throws Exception {
    Files.writeString(work.resolve("dups.jsonl"), String.join("\n",
        "{\"id\":\"bad\",\"query\":\"FAILME leaders in Oslo\",\"max_results\":20}",
        "{\"id\":\"bad-again\",\"query\":\"FAILME  leaders in oslo\",\"max_results\":20}",
        "{\"id\":\"good\",\"query\":\"platform engineers in Oslo\",\"max_results\":20}",
        "{\"id\":\"good-again\",\"query\":\"Platform engineers in Oslo\",\"max_results\":20}",
        ""), StandardCharsets.UTF_8);
    Cli.Run r = cli.run(RUN, run("dups.jsonl"));
    assertEquals(1, r.process.exitValue(), r.stderr());
    OutFolder out = new OutFolder(work.resolve("out"));
    Map<String, JsonNode> o = out.outcomeByJob();
    JsonNode dup = o.get("bad-again");
    assertEquals("failed", dup.get("status").asText(), dup.toString());
    assertEquals("bad", dup.get("duplicate_of").asText());
    assertEquals(o.get("bad").get("error"), dup.get("error"));
    assertEquals(0, dup.get("rows").asInt());
    assertEquals("duplicate", o.get("good-again").get("status").asText());
    assertEquals("good", o.get("good-again").get("duplicate_of").asText());
    JsonNode byStatus = out.summary().get("by_status");
    assertEquals(1, byStatus.get("completed").asInt());
    assertEquals(2, byStatus.get("failed").asInt());
    assertEquals(1, byStatus.get("duplicate").asInt());
    assertTrue(r.stderr().contains("s64: 4 jobs (1 completed, 2 failed, 1 duplicate)"), r.stderr());
    assertEquals(2, emulator.stats().searchesCreated(), "one search per distinct query");
  }

  @Test
  void badLinesEndInvalidNamingLineAndFieldWhileTheOtherJobsCompleteAndExitIsOne() throws Exception {
    Files.writeString(work.resolve("bad.jsonl"), String.join("\n",
        "{\"id\":\"good-1\",\"query\":\"platform engineers in Oslo\",\"max_results\":20}",
        "{\"id\":\"robot\",\"query\":\"x\",\"mode\":\"robots\"}",
        "{\"query\": oops}",
        "{\"id\":\"empty\",\"query\":\"   \"}",
        "{\"id\":\"pages\",\"simple_filters\":{\"a\":1},\"page_size\":0}",
        "{\"id\":\"good-1\",\"query\":\"again\"}",
        "{\"id\":\"good-2\",\"simple_filters\":{\"hq_country_iso2\":{\"$eq\":\"US\"}},\"mode\":\"company\",\"max_results\":15}",
        ""), StandardCharsets.UTF_8);
    Cli.Run r = cli.run(RUN, run("bad.jsonl"));
    assertEquals(1, r.process.exitValue(), r.stderr());
    Map<String, JsonNode> o = new OutFolder(work.resolve("out")).outcomeByJob();
    assertEquals(Set.of("good-1", "robot", "line-3", "empty", "pages", "line-6", "good-2"), o.keySet());
    assertEquals("line 2: field 'mode' must be people or company but was 'robots'",
        o.get("robot").get("message").asText());
    assertTrue(o.get("line-3").get("message").asText().startsWith("line 3: not valid JSON ("),
        o.get("line-3").toString());
    assertEquals("line 4: field 'query' must not be empty", o.get("empty").get("message").asText());
    assertEquals("line 5: field 'page_size' must be in 1..100 but was 0", o.get("pages").get("message").asText());
    assertEquals("line 6: duplicate id 'good-1' (first used on line 1)", o.get("line-6").get("message").asText());
    for (String id : List.of("robot", "line-3", "empty", "pages", "line-6")) {
      assertEquals("invalid", o.get(id).get("status").asText(), id);
    }
    assertEquals("completed", o.get("good-1").get("status").asText());
    assertEquals("completed", o.get("good-2").get("status").asText());
  }

  @Test
  void withoutAnApiKeyItExitsTwoSayingHowToSetOne() throws Exception {
    Files.writeString(work.resolve("in.jsonl"), "{\"query\":\"q\"}\n");
    Cli.Run r = new Cli(work).run(RUN, "run", "in.jsonl", "--base-url", emulator.baseUrl());
    assertEquals(2, r.process.exitValue());
    assertTrue(r.stderr().contains("no API key: set the environment variable SIXTYFOUR_API_KEY"),
        r.stderr());
    assertEquals(0, emulator.stats().requestsTotal(), "nothing was sent");
  }

  @Test
  void aMissingInputExitsTwoNamingIt() throws Exception {
    Cli.Run r = cli.run(RUN, run("nope.jsonl"));
    assertEquals(2, r.process.exitValue());
    assertTrue(r.stderr().contains("error: INPUT 'nope.jsonl' does not exist"), r.stderr());
    assertFalse(Files.exists(work.resolve("out")), "no output folder for a run that did not start");
  }

  @Test
  void aWrongKeyExitsThreeWithinSecondsAndNeverShowsTheKey() throws Exception {
    emulator.close();
    emulator = Emulator.start(EmulatorConfig.builder().port(0)
        .searchDuration(Duration.ofMillis(200), Duration.ofSeconds(1))
        .apiKeys(List.of("the-right-key")).build());
    List<String> lines = Inputs.mixed(8, 4);
    Inputs.write(work, "jobs.jsonl", lines);
    long t0 = System.nanoTime();
    Cli.Run r = cli.run(Duration.ofSeconds(30), run("jobs.jsonl"));
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertEquals(3, r.process.exitValue(), r.stderr());
    assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, "took " + took);
    assertTrue(r.stderr().contains("the API refused the key from the environment variable"
        + " SIXTYFOUR_API_KEY (HTTP 401)"), r.stderr());
    assertTrue(r.stderr().contains("--resume"), r.stderr());
    assertTrue(emulator.stats().unauthorized() > 0);
    try (Stream<Path> files = Files.walk(work)) {
      for (Path f : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
        assertFalse(Files.readString(f, StandardCharsets.ISO_8859_1).contains(KEY), "the key is in " + f);
      }
    }
  }

  @Test
  void formatCsvWritesResultsCsvWithJobIdAndTheUnionOfColumns() throws Exception {
    Files.writeString(work.resolve("two.jsonl"),
        "{\"id\":\"people\",\"query\":\"growth leads in Lisbon\",\"max_results\":20}\n"
            + "{\"id\":\"companies\",\"simple_filters\":{\"hq_country_iso2\":{\"$eq\":\"DE\"}},"
            + "\"mode\":\"company\",\"max_results\":15}\n");
    Cli.Run r = cli.run(RUN, run("two.jsonl", "--format", "csv"));
    assertEquals(0, r.process.exitValue(), r.stderr());
    OutFolder out = new OutFolder(work.resolve("out"));
    List<List<String>> csv = Rfc4180.parse(Files.readString(work.resolve("out/results.csv")));
    List<String> header = csv.get(0);
    assertEquals("_job_id", header.get(0));
    assertTrue(header.containsAll(List.of("id", "full_name", "title", "linkedin_url", "name", "domain",
        "employees_count", "hq_country_iso2")), header.toString());
    List<JsonNode> rows = out.results();
    assertEquals(rows.size() + 1, csv.size(), "one record per row plus the header");
    for (int i = 0; i < rows.size(); i++) {
      JsonNode row = rows.get(i);
      List<String> record = csv.get(i + 1);
      assertEquals(header.size(), record.size());
      for (int c = 0; c < header.size(); c++) {
        JsonNode v = row.get(header.get(c));
        assertEquals(v == null || v.isNull() ? "" : v.asText(), record.get(c), header.get(c) + " of row " + i);
      }
    }
    assertTrue(rows.stream().anyMatch(row -> row.toString().contains("\\n")),
        "the emulator's rows with line breaks and quotes went through the CSV");
  }

  @Test
  void stdinIsReadAsJsonLines() throws Exception {
    Path in = work.resolve("stdin.jsonl");
    Files.writeString(in, "{\"id\":\"s1\",\"query\":\"data engineers in Madrid\",\"max_results\":20}\n"
        + "{\"query\":\"designers in Rome\",\"max_results\":20}\n");
    Cli.Run r = cli.stdin(in).run(RUN, run("-"));
    assertEquals(0, r.process.exitValue(), r.stderr());
    assertEquals(Set.of("s1", "line-2"), new OutFolder(work.resolve("out")).outcomeByJob().keySet());
  }

  @Test
  void aCsvWithAWrongHeaderExitsTwoNamingTheColumn() throws Exception {
    Files.writeString(work.resolve("leads.csv"), "id,query,colour\na,CTOs in Berlin,red\n");
    Cli.Run r = cli.run(RUN, run("leads.csv"));
    assertEquals(2, r.process.exitValue(), r.stderr());
    assertTrue(r.stderr().contains("error: INPUT 'leads.csv' header column 'colour' is not one of id,"
        + " query, mode, max_results"), r.stderr());
    assertEquals(0, emulator.stats().requestsTotal(), "no job ran");
  }

  @Test
  void aCsvInputRunsItsRecordsAsDeepSearches() throws Exception {
    Files.writeString(work.resolve("leads.csv"), "id,query,mode,max_results\r\n"
        + "nyc,VP Engineering in New York,people,20\r\n"
        + "\"q, \"\"quoted\"\"\",\"Heads of Growth\nin London\",,15\r\n"
        + ",Security managers in Austin,,12\r\n");
    Cli.Run r = cli.run(RUN, run("leads.csv"));
    assertEquals(0, r.process.exitValue(), r.stderr());
    OutFolder out = new OutFolder(work.resolve("out"));
    out.assertExactlyOnce(Set.of("nyc", "q, \"quoted\"", "line-5"), emulator);
    assertEquals(3, emulator.stats().searchesCreated());
  }

  @Test
  void aFreshRunIntoAFolderThatHoldsARunExitsTwo() throws Exception {
    Files.createDirectories(work.resolve("out"));
    Files.writeString(work.resolve("out/outcomes.jsonl"), "{}\n");
    Files.writeString(work.resolve("in.jsonl"), "{\"query\":\"q\"}\n");
    Cli.Run r = cli.run(RUN, run("in.jsonl"));
    assertEquals(2, r.process.exitValue());
    assertTrue(r.stderr().contains("--out 'out' is not empty"), r.stderr());
    assertTrue(r.stderr().contains("use --resume"), r.stderr());
  }

  @Test
  void aBadOptionValueExitsTwoNamingTheOptionAndTheValue() throws Exception {
    Files.writeString(work.resolve("in.jsonl"), "{\"query\":\"q\"}\n");
    Cli.Run pages = cli.run(RUN, run("in.jsonl", "--page-size", "0"));
    assertEquals(2, pages.process.exitValue());
    assertTrue(pages.stderr().contains("--page-size must be in 1..100 but was 0"), pages.stderr());
    Cli.Run window = cli.run(RUN, run("in.jsonl", "--rate-window", "5x"));
    assertEquals(2, window.process.exitValue());
    assertTrue(window.stderr().contains("--rate-window")
        && window.stderr().contains("expected a duration such as 250ms, 10s or 2m but was '5x'"),
        window.stderr());
    Cli.Run progress = cli.run(RUN, "run", "in.jsonl", "--progress", "fancy");
    assertEquals(2, progress.process.exitValue());
    assertTrue(progress.stderr().contains("--progress must be auto, tty, plain or none but was 'fancy'"),
        progress.stderr());
  }
}

package io.s64.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import io.s64.emulator.WorkflowStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code s64 workflow ...} and workflow lines of {@code s64 run} as processes, over HTTP against
 * an emulator in the test's JVM: the output folder, SIGKILL while runs are in flight then
 * {@code --resume} (no run started twice, no row twice, no start sent for a run whose id the
 * journal holds; one whose id it lost is found by its key), {@code --cancel-on-exit}, and the single
 * calls (list, create, runs, status, cancel).
 */
class WorkflowIT {
  static final String LEADS = "6400000a-0000-4000-8000-000000000001";
  private static final Duration RUN = Duration.ofSeconds(90);

  @TempDir Path work;

  private static Emulator emulator(Duration rowTime) {
    return Emulator.start(EmulatorConfig.builder().port(0).seed(15).workflowRowTime(rowTime).build());
  }

  private Path leads(int n) throws IOException {
    StringBuilder b = new StringBuilder("full_name,company,ref\r\n");
    for (int i = 0; i < n; i++) {
      b.append("Lead Number").append(i).append(",\"Company ").append(i % 11).append(", Inc\",r")
          .append(i).append("\r\n");
    }
    return Files.writeString(work.resolve("leads.csv"), b.toString());
  }

  private Cli cli() {
    return new Cli(work).env("SIXTYFOUR_API_KEY", "sk-workflow-it");
  }

  private static String[] workflowRun(Emulator e, String out, String... more) {
    List<String> a = new ArrayList<>(List.of("workflow", "run", LEADS, "leads.csv", "--out", out,
        "--base-url", e.baseUrl(), "--poll-interval", "50ms", "--progress", "none"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  /** Each lead's ref, counted over results.jsonl, checking every row's _job_id and _run_id. */
  private static Map<String, Integer> refs(Path out) {
    Map<String, Integer> refs = new HashMap<>();
    for (JsonNode row : OutFolder.lines(out.resolve("results.jsonl"))) {
      assertTrue(row.get("_job_id").asText().startsWith("chunk-"), row.toString());
      assertFalse(row.get("_run_id").asText().isEmpty(), row.toString());
      refs.merge(row.get("ref").asText(), 1, Integer::sum);
    }
    return refs;
  }

  @Test
  void workflowRunWritesOneJobPerChunkIntoTheUsualOutputFolder() throws Exception {
    leads(100);
    try (Emulator e = emulator(Duration.ofMillis(2))) {
      Cli.Run run = cli().run(RUN, workflowRun(e, "out", "--rows-per-run", "30"));
      assertEquals(0, run.process.exitValue(), run.stderr());
      Path out = work.resolve("out");
      List<JsonNode> outcomes = OutFolder.lines(out.resolve("outcomes.jsonl"));
      assertEquals(List.of("chunk-0001", "chunk-0002", "chunk-0003", "chunk-0004"),
          outcomes.stream().map(o -> o.get("job_id").asText()).sorted().toList());
      outcomes.forEach(o -> {
        assertEquals("completed", o.get("status").asText(), o.toString());
        assertEquals("workflow", o.get("kind").asText());
      });
      Map<String, Integer> refs = refs(out);
      assertEquals(100, refs.size());
      assertTrue(refs.values().stream().allMatch(n -> n == 1), "each row once: " + refs);
      assertEquals(4, e.stats().workflows().runsStarted());
      assertTrue(Files.exists(out.resolve("summary.json")) && Files.exists(out.resolve("journal.jsonl")));
      assertEquals(4, FileWatch.count(out.resolve("journal.jsonl"), "\"type\":\"started\""));
      try (var files = Files.list(out)) {
        for (Path f : files.toList()) {
          String text = Files.readString(f);
          assertFalse(text.contains("sk-workflow-it") || text.contains("signature="),
              f + " holds the key or a signed URL");
        }
      }
      assertFalse(run.stderr().contains("signature=") || run.stdout().contains("signature="));
    }
  }

  @Test
  void sigkillWhileRunsAreInFlightThenResumeStartsNoRunTwiceAndWritesNoRowTwice() throws Exception {
    leads(600);
    try (Emulator e = emulator(Duration.ofMillis(6))) {
      Cli cli = cli();
      Path out = work.resolve("killed");
      Path journal = out.resolve("journal.jsonl");
      Path results = out.resolve("results.jsonl");
      Cli.Run first = cli.start(workflowRun(e, "killed", "--rows-per-run", "100"));
      FileWatch.await(work, first, RUN, "six runs started", d ->
          FileWatch.count(journal, "\"type\":\"started\"") >= 6);
      first.process.destroyForcibly();
      assertTrue(first.process.waitFor(30, TimeUnit.SECONDS));
      assertEquals(137, first.process.exitValue(), "SIGKILL hit a running s64");
      long startedBeforeKill = e.stats().workflows().runsStarted();
      assertEquals(6, startedBeforeKill);

      // Resume, and kill again as soon as some rows are written (if it has not finished by then).
      Cli.Run second = cli.start(workflowRun(e, "killed", "--rows-per-run", "100", "--resume"));
      boolean killedMidResults = false;
      long deadline = System.nanoTime() + RUN.toNanos();
      while (second.process.isAlive() && System.nanoTime() < deadline) {
        if (FileWatch.count(results, "_run_id") > 0) {
          second.process.destroyForcibly();
          killedMidResults = true;
          break;
        }
        second.process.waitFor(20, TimeUnit.MILLISECONDS);
      }
      assertTrue(second.process.waitFor(30, TimeUnit.SECONDS));
      killedMidResults &= second.process.exitValue() == 137;
      long rowsAtSecondKill = FileWatch.count(results, "_run_id");

      Cli.Run last = cli.start(workflowRun(e, "killed", "--rows-per-run", "100", "--resume"));
      assertEquals(0, last.exit(RUN), last.stderr());
      WorkflowStats stats = e.stats().workflows();
      assertEquals(6, stats.runsStarted(), "no run started twice: " + stats);
      assertEquals(0, stats.runsReplayed(), "each resume re-attached by the journalled run ids,"
          + " without a start: " + stats);
      Map<String, Integer> refs = refs(out);
      assertEquals(600, refs.size());
      assertTrue(refs.values().stream().allMatch(n -> n == 1), "no row twice");
      Set<String> keys = new HashSet<>();
      for (JsonNode row : OutFolder.lines(results)) {
        assertTrue(keys.add(row.get("_run_id").asText() + "#" + row.get("_row").asText()), row.toString());
      }
      assertEquals(stats.resultRowsServed(), keys.size());
      assertEquals(6, OutFolder.lines(out.resolve("outcomes.jsonl")).size());
      System.out.println("workflow SIGKILL/resume: 2nd kill " + (killedMidResults
          ? "hit after " + rowsAtSecondKill + " rows were written" : "came after the run ended")
          + "; runs started " + stats.runsStarted() + ", replayed " + stats.runsReplayed()
          + ", rows " + keys.size());
    }
  }

  @Test
  void aRunWhoseIdTheJournalLostIsStartedAgainUnderItsKeyAndTheServerKeepsOneRun() throws Exception {
    leads(300);
    try (Emulator e = emulator(Duration.ofMillis(6))) {
      Cli cli = cli();
      Path out = work.resolve("lost");
      Path journal = out.resolve("journal.jsonl");
      Cli.Run first = cli.start(workflowRun(e, "lost", "--rows-per-run", "100"));
      FileWatch.await(work, first, RUN, "three runs started", d ->
          FileWatch.count(journal, "\"type\":\"started\"") >= 3);
      first.process.destroyForcibly();
      assertTrue(first.process.waitFor(30, TimeUnit.SECONDS));
      assertEquals(3, e.stats().workflows().runsStarted());
      // chunk-0002's start was answered but its answer never reached the journal.
      List<String> lines = Files.readAllLines(journal);
      List<String> kept = lines.stream().filter(l -> !(l.contains("\"type\":\"started\"")
          && l.contains("\"job\":\"chunk-0002\""))).toList();
      assertEquals(lines.size() - 1, kept.size(), String.join("\n", lines));
      Files.write(journal, kept);

      Cli.Run resumed = cli.start(workflowRun(e, "lost", "--rows-per-run", "100", "--resume"));
      assertEquals(0, resumed.exit(RUN), resumed.stderr());
      WorkflowStats stats = e.stats().workflows();
      assertEquals(3, stats.runsStarted(), "the key found the run the server had: " + stats);
      assertEquals(1, stats.runsReplayed(), "one start sent again, for chunk-0002 only: " + stats);
      Map<String, Integer> refs = refs(out);
      assertEquals(300, refs.size());
      assertTrue(refs.values().stream().allMatch(n -> n == 1), "no row twice");
      assertEquals(3, OutFolder.lines(out.resolve("outcomes.jsonl")).size());
    }
  }

  @Test
  void sigtermLeavesRunsGoingUnlessCancelOnExitCancelsThem() throws Exception {
    leads(200);
    try (Emulator e = emulator(Duration.ofMillis(50))) {
      Cli cli = cli();
      Cli.Run kept = cli.start(workflowRun(e, "kept", "--rows-per-run", "100"));
      FileWatch.await(work, kept, RUN, "two runs started",
          d -> FileWatch.count(work.resolve("kept/journal.jsonl"), "\"type\":\"started\"") >= 2);
      kept.process.destroy();
      assertEquals(130, kept.exit(RUN), kept.stderr());
      assertEquals(0, e.stats().workflows().runs("cancelled"), "runs go on after a plain stop");
      assertTrue(kept.stderr().contains("resume with: s64 workflow run " + LEADS + " leads.csv --out kept"),
          kept.stderr());

      Cli.Run cancelling = cli.start(workflowRun(e, "cancelled", "--rows-per-run", "100",
          "--cancel-on-exit"));
      FileWatch.await(work, cancelling, RUN, "two runs started",
          d -> FileWatch.count(work.resolve("cancelled/journal.jsonl"), "\"type\":\"started\"") >= 2);
      cancelling.process.destroy();
      assertEquals(130, cancelling.exit(RUN), cancelling.stderr());
      assertTrue(cancelling.stderr().contains("--cancel-on-exit: cancelled 2 of 2 workflow runs in flight"),
          cancelling.stderr());
      // The kept run's two runs are still running; the second run's two are cancelled.
      assertEquals(2, e.stats().workflows().runs("cancelled"), e.stats().workflows().toString());
    }
  }

  @Test
  void theSingleCallsListCreateShowAndCancel() throws Exception {
    leads(5);
    try (Emulator e = emulator(Duration.ofSeconds(5))) {
      Cli cli = cli();
      Cli.Run list = cli.run(RUN, "workflow", "list", "--base-url", e.baseUrl());
      assertEquals(0, list.process.exitValue(), list.stderr());
      assertTrue(list.stdout().contains(LEADS + "\t"), list.stdout());

      Files.writeString(work.resolve("wf.json"), "{\"workflow_name\":\"mine\",\"workflow_description\":"
          + "\"d\",\"workflow_definition\":{\"blocks\":[{\"sequence_number\":1,\"block_type\":\"webhook\","
          + "\"block_name\":\"webhook\",\"block_id\":\"in\",\"specs\":{\"dataframe_type\":\"LEAD\"}},"
          + "{\"sequence_number\":2,\"block_type\":\"find_email\",\"block_name\":\"find_email\","
          + "\"block_id\":\"mail\",\"specs\":{}}],\"edges\":[{\"from_block_id\":\"in\","
          + "\"to_block_id\":\"mail\"}]}}");
      Cli.Run create = cli.run(RUN, "workflow", "create", "wf.json", "--base-url", e.baseUrl());
      assertEquals(0, create.process.exitValue(), create.stderr());
      String id = create.stdout().strip();
      assertTrue(id.matches("[0-9a-f-]{36}"), id);

      Files.writeString(work.resolve("bad.json"), "{\"workflow_name\":\"x\",\"workflow_description\":"
          + "\"d\",\"workflow_definition\":{\"blocks\":[],\"edges\":[]}}");
      Cli.Run bad = cli.run(RUN, "workflow", "create", "bad.json", "--base-url", e.baseUrl());
      assertEquals(1, bad.process.exitValue());
      assertTrue(bad.stderr().contains("HTTP 422") && bad.stderr().contains("at least one block"),
          bad.stderr());

      Cli.Run started = cli.start(workflowRun(e, "slow", "--rows-per-run", "5"));
      FileWatch.await(work, started, RUN, "a run started",
          d -> FileWatch.count(work.resolve("slow/journal.jsonl"), "\"type\":\"started\"") >= 1);
      String runId = OutFolder.lines(work.resolve("slow/journal.jsonl")).stream()
          .filter(l -> l.get("type").asText().equals("started")).findFirst().orElseThrow()
          .get("task_id").asText();
      Cli.Run runs = cli.run(RUN, "workflow", "runs", "--status", "active", "--base-url", e.baseUrl());
      assertTrue(runs.stdout().startsWith(runId + "\t" + LEADS + "\t"), runs.stdout() + runs.stderr());
      Cli.Run status = cli.run(RUN, "workflow", "status", runId, "--base-url", e.baseUrl());
      assertEquals(0, status.process.exitValue(), status.stderr());
      assertTrue(status.stdout().startsWith(runId + "\t"), status.stdout());
      assertTrue(status.stdout().contains("\tlead_enrichment\t"), status.stdout());
      Cli.Run cancel = cli.run(RUN, "workflow", "cancel", runId, "--base-url", e.baseUrl());
      assertEquals(runId + "\tcanceled", cancel.stdout().strip(), cancel.stderr());
      assertEquals(1, started.exit(RUN), "the cancelled run fails its chunk: " + started.stderr());
      JsonNode outcome = OutFolder.lines(work.resolve("slow/outcomes.jsonl")).get(0);
      assertEquals("RUN_FAILED", outcome.get("error").get("reason").asText(), outcome.toString());
      assertTrue(outcome.get("error").get("detail").asText().contains("ended cancelled"), outcome.toString());
      Cli.Run unknown = cli.run(RUN, "workflow", "status", "6400000a-0000-4000-8000-0000000000ee",
          "--base-url", e.baseUrl());
      assertEquals(1, unknown.process.exitValue());
      assertTrue(unknown.stderr().contains("HTTP 404: Workflow run not found"), unknown.stderr());
    }
  }

  @Test
  void sRunTakesWorkflowLinesWithRowsInlineOrFromAFile() throws Exception {
    leads(12);
    Files.writeString(work.resolve("jobs.jsonl"), String.join("\n",
        "{\"id\":\"file\",\"workflow\":{\"workflow_id\":\"" + LEADS + "\",\"rows_file\":\"leads.csv\","
            + "\"rows_per_run\":5}}",
        "{\"id\":\"inline\",\"workflow\":{\"workflow_id\":\"" + LEADS + "\",\"rows\":[{\"full_name\":"
            + "\"Ada Lovelace\",\"company\":\"Engines\"}]}}",
        "{\"id\":\"missing\",\"workflow\":{\"workflow_id\":\"" + LEADS + "\",\"rows\":[{\"full_name\":"
            + "\"No Company\"}]}}",
        "{\"id\":\"typo\",\"workflow\":{\"workflow_id\":\"" + LEADS + "\",\"row\":[]}}") + "\n");
    try (Emulator e = emulator(Duration.ofMillis(2))) {
      Cli.Run run = cli().run(RUN, "run", "jobs.jsonl", "--out", "out", "--base-url", e.baseUrl(),
          "--poll-interval", "50ms", "--progress", "none");
      assertEquals(1, run.process.exitValue(), run.stderr());
      Map<String, JsonNode> outcomes = new HashMap<>();
      OutFolder.lines(work.resolve("out/outcomes.jsonl")).forEach(o -> outcomes.put(o.get("job_id").asText(), o));
      assertEquals("completed", outcomes.get("file").get("status").asText());
      assertEquals(12, outcomes.get("file").get("rows").asLong());
      assertEquals("3 runs", outcomes.get("file").get("message").asText());
      assertEquals("completed", outcomes.get("inline").get("status").asText());
      assertEquals("failed", outcomes.get("missing").get("status").asText());
      assertTrue(outcomes.get("missing").toString().contains("missing the column 'company'"),
          outcomes.get("missing").toString());
      assertEquals("invalid", outcomes.get("typo").get("status").asText());
      assertTrue(outcomes.get("typo").get("message").asText().contains("field 'workflow.row' is not known"),
          outcomes.get("typo").toString());
    }
  }
}

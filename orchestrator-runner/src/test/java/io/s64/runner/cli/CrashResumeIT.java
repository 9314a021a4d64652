package io.s64.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run killed with SIGKILL at {@code s64.kills} (default 20) random moments, resumed after each:
 * its final outputs equal those of an uninterrupted run against an emulator with the same seed (as
 * sets: order may differ), and no search whose start was acknowledged is started twice. A moment
 * is "after r more journal lines", r drawn from a seeded random, so the kills land anywhere from
 * the first admission to the last page.
 */
class CrashResumeIT {
  private static final int KILLS = Integer.getInteger("s64.kills", 20);
  private static final Duration RUN = Duration.ofSeconds(120);
  private static final long SEED = 77;

  @TempDir Path work;

  private static Emulator emulator() {
    return Emulator.start(EmulatorConfig.builder().port(0).seed(SEED)
        .searchDuration(Duration.ofMillis(300), Duration.ofMillis(1200)).shortPages(true).build());
  }

  private static String[] args(Emulator emulator, String out, String... more) {
    List<String> a = new ArrayList<>(List.of("run", "jobs.jsonl", "--out", out, "--base-url",
        emulator.baseUrl(), "--poll-interval", "100ms", "--page-size", "10", "--progress", "none"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  /** Outcomes as {job, status, rows}, results as their JSON text: what must not depend on crashes. */
  private static Set<String> facts(Path out) {
    Set<String> facts = new TreeSet<>();
    for (JsonNode o : OutFolder.lines(out.resolve("outcomes.jsonl"))) {
      facts.add("outcome " + o.get("job_id").asText() + " " + o.get("status").asText() + " "
          + o.get("rows").asLong() + " " + o.path("duplicate_of").asText());
    }
    for (JsonNode r : OutFolder.lines(out.resolve("results.jsonl"))) {
      ObjectNode row = (ObjectNode) r;
      facts.add("row " + row.toString());
    }
    return facts;
  }

  @Test
  void twentyKillsAndResumesEndWithTheOutputsOfAnUninterruptedRun() throws Exception {
    List<String> lines = Inputs.mixed(12, 16);
    Inputs.write(work, "jobs.jsonl", lines);
    Cli cli = new Cli(work).env("SIXTYFOUR_API_KEY", "sk-crash-resume-test");

    Set<String> expected;
    try (Emulator reference = emulator()) {
      Cli.Run whole = cli.run(RUN, args(reference, "reference"));
      assertEquals(0, whole.process.exitValue(), whole.stderr());
      expected = facts(work.resolve("reference"));
    }

    Random random = new Random(SEED);
    Path out = Files.createDirectories(work.resolve("crashed"));
    int kills = 0;
    try (Emulator emulator = emulator()) {
      boolean resume = false;
      while (true) {
        Cli.Run run = cli.start(resume ? args(emulator, "crashed", "--resume") : args(emulator, "crashed"));
        resume = true;
        if (kills == KILLS) {
          assertEquals(0, run.exit(RUN), run.stderr());
          break;
        }
        long from = FileWatch.count(out.resolve("journal.jsonl"), "\"type\"");
        long more = 1 + random.nextInt(12);
        boolean[] ended = {false};
        FileWatch.await(out, run, RUN, "journal growth", d -> {
          ended[0] = !run.process.isAlive();
          return ended[0] || FileWatch.count(d.resolve("journal.jsonl"), "\"type\"") >= from + more;
        });
        if (ended[0] || !run.process.isAlive()) {
          assertEquals(0, run.process.exitValue(), run.stderr());
          break; // the run finished before this kill's moment
        }
        run.process.destroyForcibly();
        assertTrue(run.process.waitFor(30, TimeUnit.SECONDS));
        kills++;
      }
      assertTrue(kills >= Math.min(KILLS, 8), "the run was killed often: " + kills);
      Set<String> actual = facts(out);
      Set<String> missing = new HashSet<>(expected);
      missing.removeAll(actual);
      Set<String> extra = new HashSet<>(actual);
      extra.removeAll(expected);
      assertEquals(Set.of(), missing, "missing after " + kills + " kills");
      assertEquals(Set.of(), extra, "extra after " + kills + " kills");
      OutFolder.assertOneSearchPerQuery(emulator);
      assertEquals(12 + 1, emulator.stats().searchesCreated(),
          "one search per distinct deep query, however often the run died: " + kills + " kills");
      new OutFolder(out).assertExactlyOnce(new HashSet<>(Inputs.ids(lines)), emulator);
      System.out.println("crash/resume: " + kills + " kills, " + actual.size() + " facts equal, "
          + emulator.stats().startsReplayed() + " starts replayed by search_id, "
          + emulator.stats().requestsTotal() + " requests");
    }
  }
}

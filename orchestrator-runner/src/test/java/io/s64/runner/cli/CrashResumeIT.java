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
import java.util.Arrays;
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
 * One run killed with SIGKILL at {@code s64.kills} (default 20) moments, resumed after each: its
 * final outputs equal those of an uninterrupted run against an emulator with the same seed (as
 * sets: order may differ), and no search whose start was acknowledged is started twice.
 *
 * <p>The moments are journal positions drawn before the first start, from a seeded random,
 * uniformly over the first two thirds of the uninterrupted run's journal and sorted: kill k comes
 * once the journal holds that many lines, and at the earliest once the resumed run has written its
 * own header. A kill that comes late (the test saw the line after s64 had written more) makes the
 * next ones come sooner, never later, and the last third of the run is left for the final resume,
 * so every run gets all its kills, each on a live process: the test asserts exactly that many
 * SIGKILLs (exit 137).
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

  /** {@code n} sorted journal positions in 1..{@code upTo}, drawn uniformly. */
  private static long[] moments(Random random, int n, long upTo) {
    assertTrue(upTo >= n, "the uninterrupted run's journal is long enough for " + n + " kills");
    long[] moments = new long[n];
    for (int i = 0; i < n; i++) {
      moments[i] = 1 + (long) (random.nextDouble() * upTo);
    }
    Arrays.sort(moments);
    return moments;
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

    long length = FileWatch.count(work.resolve("reference/journal.jsonl"), "\"type\"");
    long[] moments = moments(new Random(SEED), KILLS, length * 2 / 3);
    Path out = Files.createDirectories(work.resolve("crashed"));
    Path journal = out.resolve("journal.jsonl");
    List<Long> killedAt = new ArrayList<>();
    try (Emulator emulator = emulator()) {
      for (int k = 0; k < KILLS; k++) {
        Cli.Run run = cli.start(k == 0 ? args(emulator, "crashed") : args(emulator, "crashed", "--resume"));
        long moment = Math.max(moments[k], FileWatch.count(journal, "\"type\"") + 1);
        FileWatch.await(out, run, RUN, "journal line " + moment + " (kill " + (k + 1) + ")",
            d -> FileWatch.count(journal, "\"type\"") >= moment);
        run.process.destroyForcibly();
        assertTrue(run.process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(128 + 9, run.process.exitValue(), "kill " + (k + 1) + " hit a running s64");
        killedAt.add(FileWatch.count(journal, "\"type\""));
      }
      Cli.Run last = cli.start(args(emulator, "crashed", "--resume"));
      assertEquals(0, last.exit(RUN), last.stderr());
      int kills = killedAt.size();
      assertEquals(KILLS, kills, "SIGKILLs, each followed by a resume");
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
      System.out.println("crash/resume: " + kills + " kills at journal lines " + killedAt
          + " (the uninterrupted run's journal: " + length + " lines), " + actual.size() + " facts equal, "
          + emulator.stats().startsReplayed() + " starts replayed by search_id, "
          + emulator.stats().requestsTotal() + " requests");
    }
  }
}

package io.s64.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A run killed (SIGKILL) or interrupted (SIGTERM) part way, then continued with {@code --resume}
 * against the same emulator: every job ends once, every row is written once, and no search whose
 * start was sent is started again.
 */
class ResumeIT {
  private static final Duration RUN = Duration.ofSeconds(120);
  private static final int DEEP = 10;

  @TempDir Path work;
  private Emulator emulator;
  private Cli cli;
  private List<String> lines;
  private Path out;

  @BeforeEach
  void start() throws Exception {
    emulator = Emulator.start(EmulatorConfig.builder().port(0).seed(9)
        .searchDuration(Duration.ofMillis(300), Duration.ofMillis(1500))
        .build());
    cli = new Cli(work).env("SIXTYFOUR_API_KEY", "sk-resume-test");
    lines = Inputs.mixed(DEEP, 3);
    Inputs.write(work, "jobs.jsonl", lines);
    out = Files.createDirectories(work.resolve("out"));
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private String[] args(String... more) {
    List<String> a = new ArrayList<>(List.of("run", "jobs.jsonl", "--out", "out", "--base-url",
        emulator.baseUrl(), "--poll-interval", "200ms", "--page-size", "10", "--progress", "none"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  static List<Arguments> killPoints() {
    return List.of(
        Arguments.of("the first admitted search", (Predicate<Path>) d ->
            FileWatch.count(d.resolve("journal.jsonl"), "\"type\":\"admitted\",\"job\":\"deep-") >= 1),
        Arguments.of("the first acknowledged start", (Predicate<Path>) d ->
            FileWatch.count(d.resolve("journal.jsonl"), "\"type\":\"started\"") >= 1),
        Arguments.of("the first committed page", (Predicate<Path>) d ->
            FileWatch.count(d.resolve("journal.jsonl"), "\"type\":\"committed\"") >= 1),
        Arguments.of("eight outcomes", (Predicate<Path>) d ->
            FileWatch.count(d.resolve("outcomes.jsonl"), "\"job_id\"") >= 8));
  }

  @ParameterizedTest(name = "killed after {0}")
  @MethodSource("killPoints")
  void aRunKilledPartWayFinishesOnResumeWithEveryJobAndRowOnceAndNoSecondSearch(String point,
      Predicate<Path> when) throws Exception {
    Cli.Run first = cli.start(args());
    FileWatch.await(out, first, RUN, point, when);
    first.process.destroyForcibly();
    assertTrue(first.process.waitFor(30, TimeUnit.SECONDS));
    long finishedBefore = FileWatch.count(out.resolve("outcomes.jsonl"), "\"job_id\"");
    assertTrue(finishedBefore < lines.size(), "the kill came before the end: " + finishedBefore);

    Cli.Run second = cli.run(RUN, args("--resume"));
    assertEquals(0, second.process.exitValue(), second.stderr());
    OutFolder folder = new OutFolder(out);
    folder.assertExactlyOnce(new HashSet<>(Inputs.ids(lines)), emulator);
    OutFolder.assertOneSearchPerQuery(emulator);
    assertEquals(DEEP + 1, emulator.stats().searchesCreated(), "one search per distinct deep query");
    assertTrue(folder.summary().get("resumed").asBoolean());
    assertEquals(lines.size(), folder.summary().get("jobs").asInt());
  }

  @Test
  void sigtermStopsWithExit130AndAResumeHintAndResumeFinishesTheRun() throws Exception {
    Cli.Run first = cli.start(args());
    FileWatch.await(out, first, RUN, "an acknowledged start", d ->
        FileWatch.count(d.resolve("journal.jsonl"), "\"type\":\"started\"") >= 2);
    first.process.destroy();
    assertEquals(130, first.exit(Duration.ofSeconds(30)), first.stderr());
    String err = first.stderr();
    assertTrue(err.contains("interrupted; resume with: s64 run jobs.jsonl --out out --base-url "
        + emulator.baseUrl() + " --poll-interval 200ms --page-size 10 --progress none --resume"), err);
    assertFalse(Cli.read(out.resolve("outcomes.jsonl")).contains("\"cancelled\""),
        "interrupted jobs get no outcome, so the resume runs them");
    assertTrue(new OutFolder(out).summary().get("interrupted").asBoolean());

    Cli.Run second = cli.run(RUN, args("--resume"));
    assertEquals(0, second.process.exitValue(), second.stderr());
    new OutFolder(out).assertExactlyOnce(new HashSet<>(Inputs.ids(lines)), emulator);
    OutFolder.assertOneSearchPerQuery(emulator);
  }

  @Test
  void resumingAFinishedRunDoesNothingAgain() throws Exception {
    assertEquals(0, cli.run(RUN, args()).process.exitValue());
    long requests = emulator.stats().requestsTotal();
    Cli.Run again = cli.run(RUN, args("--resume"));
    assertEquals(0, again.process.exitValue(), again.stderr());
    assertEquals(requests, emulator.stats().requestsTotal(), "no request for finished jobs");
    new OutFolder(out).assertExactlyOnce(new HashSet<>(Inputs.ids(lines)), emulator);
  }

  @Test
  void resumingWithAnotherInputIsRefused() throws Exception {
    assertEquals(0, cli.run(RUN, args()).process.exitValue());
    Files.copy(work.resolve("jobs.jsonl"), work.resolve("other.jsonl"));
    Cli.Run r = cli.run(RUN, "run", "other.jsonl", "--out", "out", "--base-url", emulator.baseUrl(),
        "--resume");
    assertEquals(2, r.process.exitValue());
    assertTrue(r.stderr().contains("holds a run of INPUT"), r.stderr());
  }
}

package io.s64.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.model.DeepSearchRequest.Mode;
import io.s64.runner.pipeline.RunOptions;
import io.s64.runner.progress.ProgressMode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line in process, up to the options handed to the runner. */
class CommandLineTest {

  private static RunOptions parse(String... args) {
    CommandLine cl = Main.commandLine();
    CommandLine.ParseResult parsed = cl.parseArgs(args);
    CommandLine run = parsed.subcommand().commandSpec().commandLine();
    return ((RunCommand) run.getCommand()).options();
  }

  private static String error(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    assertEquals(2, cl.execute(args));
    return err.toString();
  }

  private static RunOptions worker(String... args) {
    CommandLine cl = Main.commandLine();
    CommandLine.ParseResult parsed = cl.parseArgs(args);
    CommandLine worker = parsed.subcommand().commandSpec().commandLine();
    return ((WorkerCommand) worker.getCommand()).options();
  }

  @Test
  void aWorkerTakesTheSameApiAndSearchOptionsAsARun() {
    String[] queue = {"worker", "--redis", "redis://127.0.0.1:6379", "--queue", "q"};
    RunOptions defaults = worker(queue);
    assertTrue(defaults.learnedPolls());
    assertEquals(500, defaults.rateLimit());
    assertEquals(5, defaults.slots());
    RunOptions o = worker(concat(queue, "--base-url", "http://127.0.0.1:1", "--api-key-env", "K",
        "--rate-limit", "100", "--rate-window", "30s", "--slots", "2", "--poll-interval", "250ms",
        "--poll-schedule", "fixed", "--search-timeout", "2m"));
    assertEquals("http://127.0.0.1:1", o.baseUrl());
    assertEquals("K", o.apiKeyEnv());
    assertEquals(100, o.rateLimit());
    assertEquals(Duration.ofSeconds(30), o.rateWindow());
    assertEquals(2, o.slots());
    assertEquals(Duration.ofMillis(250), o.pollInterval());
    assertFalse(o.learnedPolls());
    assertEquals(Duration.ofMinutes(2), o.searchTimeout());
    assertTrue(error(concat(queue, "--poll-schedule", "sometimes"))
        .contains("--poll-schedule must be learned or fixed but was 'sometimes'"));
    assertTrue(error(concat(queue, "--slots", "0")).contains("--slots must be at least 1 but was 0"));
  }

  private static String[] concat(String[] head, String... tail) {
    String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }

  @Test
  void theDefaultsAreTheDocumentedOnes() {
    RunOptions o = parse("run", "in.jsonl");
    assertEquals("in.jsonl", o.input());
    assertEquals("./s64-out", o.out().toString());
    assertNull(o.defaults().mode());
    assertNull(o.defaults().maxResults());
    assertEquals(100, o.defaults().pageSize());
    assertEquals(500, o.rateLimit());
    assertEquals(Duration.ofSeconds(60), o.rateWindow());
    assertEquals(5, o.slots());
    assertNull(o.pollInterval());
    assertTrue(o.learnedPolls());
    assertEquals(Duration.ofMinutes(30), o.searchTimeout());
    assertEquals(ProgressMode.AUTO, o.progress());
    assertEquals(false, o.resume() || o.emulator() || o.csvResults() || o.csvOutput());
  }

  @Test
  void everyOptionReachesTheRunner() {
    RunOptions o = parse("run", "in.csv", "--out", "o", "--mode", "Company", "--max-results", "7",
        "--page-size", "25", "--results", "csv", "--format", "csv", "--base-url", "https://x.test",
        "--api-key-env", "K", "--rate-limit", "100", "--rate-window", "30s", "--slots", "2",
        "--poll-interval", "250ms", "--poll-schedule", "fixed", "--search-timeout", "2m", "--resume", "--progress", "tty",
        "--allow-insecure-http");
    assertEquals(Mode.COMPANY, o.defaults().mode());
    assertEquals(7, o.defaults().maxResults());
    assertEquals(25, o.defaults().pageSize());
    assertTrue(o.csvResults() && o.csvOutput() && o.resume() && o.allowInsecureHttp());
    assertEquals("https://x.test", o.baseUrl());
    assertEquals("K", o.apiKeyEnv());
    assertEquals(Duration.ofMillis(250), o.pollInterval());
    assertFalse(o.learnedPolls());
    assertEquals(Duration.ofMinutes(2), o.searchTimeout());
    assertEquals(ProgressMode.TTY, o.progress());
    assertEquals(List.of("in.csv", "--out", "o", "--mode", "Company", "--max-results", "7"),
        o.args().subList(0, 7));
  }

  @Test
  void badValuesNameTheOptionAndTheValue() {
    assertTrue(error("run", "in.jsonl", "--mode", "robots")
        .contains("--mode") , "mode");
    assertTrue(error("run", "in.jsonl", "--mode", "robots").contains("must be people or company but was 'robots'"));
    assertTrue(error("run", "in.jsonl", "--max-results", "0").contains("--max-results must be at least 1 but was 0"));
    assertTrue(error("run", "in.jsonl", "--slots", "0").contains("--slots must be at least 1 but was 0"));
    assertTrue(error("run", "in.jsonl", "--rate-limit", "0").contains("--rate-limit must be at least 1 but was 0"));
    assertTrue(error("run", "in.jsonl", "--results", "xml").contains("--results must be query or csv but was 'xml'"));
    assertTrue(error("run", "in.jsonl", "--format", "xml").contains("--format must be jsonl or csv but was 'xml'"));
    assertTrue(error("run", "in.jsonl", "--poll-interval", "0s").contains("must be positive but was '0s'"));
    assertTrue(error("run", "in.jsonl", "--slots", "many").contains("'many'"));
    assertTrue(error("run").contains("INPUT"));
  }

  @Test
  void durationsTakeMillisecondsSecondsMinutesAndHours() {
    DurationConverter c = new DurationConverter();
    assertEquals(Duration.ofMillis(250), c.convert("250ms"));
    assertEquals(Duration.ofSeconds(10), c.convert("10s"));
    assertEquals(Duration.ofMinutes(2), c.convert("2m"));
    assertEquals(Duration.ofHours(1), c.convert(" 1h "));
    assertThrows(CommandLine.TypeConversionException.class, () -> c.convert("10"));
    assertThrows(CommandLine.TypeConversionException.class, () -> c.convert("1.5s"));
  }
}

package io.s64.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Help, version and the emulator command, as a user meets them. */
class CommandsIT {
  private static final Duration QUICK = Duration.ofSeconds(30);
  private static final List<String> RUN_OPTIONS = List.of("--out", "--mode", "--max-results",
      "--page-size", "--results", "--format", "--base-url", "--api-key-env", "--api-key-file",
      "--rate-limit", "--rate-window", "--slots", "--poll-interval", "--search-timeout", "--resume",
      "--progress", "--emulator", "--allow-insecure-http", "--help", "--version");

  @TempDir Path work;

  @Test
  void topLevelHelpListsTheCommands() throws Exception {
    Cli.Run r = new Cli(work).run(QUICK, "--help");
    assertEquals(0, r.process.exitValue());
    for (String s : List.of("Usage: s64", "run", "emulator", "webhook", "--help", "--version")) {
      assertTrue(r.stdout().contains(s), s + " in\n" + r.stdout());
    }
  }

  @Test
  void runHelpListsEveryOptionWithItsDefault() throws Exception {
    Cli.Run r = new Cli(work).run(QUICK, "run", "--help");
    assertEquals(0, r.process.exitValue());
    String help = r.stdout().replaceAll("\\s+", " ");
    for (String option : RUN_OPTIONS) {
      assertTrue(help.contains(option), option + " in\n" + help);
    }
    for (String d : List.of("Default: ./s64-out", "Default: 100", "Default: query", "Default: jsonl",
        "Default: 500", "Default: 60s", "Default: 5", "Default: 30m", "Default: auto",
        "SIXTYFOUR_API_KEY", "SIXTYFOUR_API_ENDPOINT", "Exit codes")) {
      assertTrue(help.contains(d), d + " in\n" + help);
    }
  }

  @Test
  void webhookAndItsListenCommandAnswerHelp() throws Exception {
    for (List<String> args : List.of(List.of("webhook", "--help"), List.of("webhook", "listen", "--help"))) {
      Cli.Run r = new Cli(work).run(QUICK, args.toArray(String[]::new));
      assertEquals(0, r.process.exitValue(), args + ": " + r.stderr());
      String usage = "Usage: s64 " + String.join(" ", args.subList(0, args.size() - 1));
      assertTrue(r.stdout().startsWith(usage), usage + " in\n" + r.stdout());
      assertEquals("", r.stderr(), args.toString());
    }
  }

  @Test
  void versionPrintsTheProjectVersion() throws Exception {
    Cli.Run r = new Cli(work).run(QUICK, "--version");
    assertEquals(0, r.process.exitValue());
    assertTrue(r.stdout().matches("(?s)s64 \\d+\\.\\d+\\.\\d+.*"), r.stdout());
  }

  @Test
  void noCommandPrintsTheHelpAndExitsTwo() throws Exception {
    Cli.Run r = new Cli(work).run(QUICK);
    assertEquals(2, r.process.exitValue());
    assertTrue(r.stderr().contains("Usage: s64"), r.stderr());
  }

  @Test
  void emulatorHelpListsTheEmulatorFlags() throws Exception {
    Cli.Run r = new Cli(work).run(QUICK, "emulator", "--help");
    assertEquals(0, r.process.exitValue());
    for (String flag : List.of("Usage: s64 emulator", "--port", "--search-duration", "--fault-rate",
        "--api-key")) {
      assertTrue(r.stdout().contains(flag), flag + " in\n" + r.stdout());
    }
  }

  @Test
  void aBadEmulatorFlagExitsTwoNamingIt() throws Exception {
    Cli.Run r = new Cli(work).run(QUICK, "emulator", "--slots", "zero");
    assertEquals(2, r.process.exitValue());
    assertTrue(r.stderr().contains("--slots"), r.stderr());
  }

  @Test
  void theEmulatorServesUntilSigtermThenStopsCleanly() throws Exception {
    Cli.Run r = new Cli(work).start("emulator", "--port", "0", "--search-duration", "1s");
    FileWatch.await(work, r, QUICK, "the listening line", d -> r.stdout().contains("listening on "));
    Matcher m = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)").matcher(r.stdout());
    assertTrue(m.find(), r.stdout());
    HttpResponse<String> stats = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(m.group(1) + "/_emulator/stats")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, stats.statusCode());
    assertTrue(stats.body().contains("\"requests_total\""), stats.body());
    r.process.destroy();
    assertEquals(0, r.exit(QUICK), r.stderr());
    assertTrue(r.stderr().contains("emulator stopped"), r.stderr());
  }
}

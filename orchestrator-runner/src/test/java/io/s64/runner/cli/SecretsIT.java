package io.s64.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import io.s64.emulator.FaultKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chaotic run (every fault kind, cut downloads, CSV results through signed URLs, debug logging
 * on): not one output file, log line or error text holds the API key or a signed download URL.
 */
class SecretsIT {
  private static final String KEY = "sk_live_SECRETKEY_3f9a1c77e2b04d5c";
  private static final Pattern SIGNED = Pattern.compile("signature=|expires=\\d|/_storage/");

  @TempDir Path work;

  @Test
  void noOutputLogOrErrorHoldsTheKeyOrASignedUrl() throws Exception {
    try (Emulator emulator = Emulator.start(EmulatorConfig.builder().port(0).seed(13)
        .apiKeys(List.of(KEY))
        .searchDuration(Duration.ofMillis(200), Duration.ofMillis(800))
        .exportDuration(Duration.ofMillis(100), Duration.ofMillis(200))
        .faultRate(0.2).fault(FaultKind.LOST_START, 0.1).slowResponseDelay(Duration.ofSeconds(3))
        .downloadCut(0.3).build())) {
      List<String> lines = new ArrayList<>(Inputs.mixed(6, 4));
      lines.add("{\"id\":\"bad-mode\",\"query\":\"x\",\"mode\":\"robots\"}");
      lines.add("{\"id\":\"failing\",\"query\":\"FAILME please\"}");
      Inputs.write(work, "jobs.jsonl", lines);
      Cli cli = new Cli(work).env("SIXTYFOUR_API_KEY", KEY)
          .env("JAVA_TOOL_OPTIONS", "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug");
      Cli.Run run = cli.run(Duration.ofSeconds(180), "run", "jobs.jsonl", "--out", "out", "--base-url",
          emulator.baseUrl(), "--poll-interval", "100ms", "--results", "csv", "--format", "csv",
          "--progress", "plain");
      assertEquals(1, run.process.exitValue(), run.stderr());
      assertTrue(emulator.stats().downloadsCut() > 0 || emulator.stats().requests("GET /search/download") > 0,
          "signed URLs were in play");
      assertTrue(run.stderr().contains("DEBUG"), "debug logging was on");

      Cli wrong = new Cli(work).env("SIXTYFOUR_API_KEY", KEY.replace("SECRET", "SEKRIT"))
          .env("JAVA_TOOL_OPTIONS", "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug");
      Cli.Run refused = wrong.run(Duration.ofSeconds(60), "run", "jobs.jsonl", "--out", "out-401",
          "--base-url", emulator.baseUrl(), "--progress", "plain");
      assertEquals(3, refused.process.exitValue(), refused.stderr());

      List<String> hits = new ArrayList<>();
      try (Stream<Path> files = Files.walk(work)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          if (f.getFileName().toString().equals("jobs.jsonl")) {
            continue;
          }
          String text = read(f);
          if (text.contains(KEY) || text.contains(KEY.replace("SECRET", "SEKRIT"))) {
            hits.add(f + ": the API key");
          }
          if (SIGNED.matcher(text).find()) {
            hits.add(f + ": a signed URL");
          }
        }
      }
      assertEquals(List.of(), hits);
    }
  }

  private static String read(Path f) throws IOException {
    return new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
  }
}

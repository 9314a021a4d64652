package io.s64.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmulatorMainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private EmulatorMain.Launch launch(String... args) {
    return EmulatorMain.launch(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void theStandaloneProcessPrintsTheListeningLineThenStopsOnSigterm(@TempDir Path dir)
      throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    Path stderr = dir.resolve("stderr.txt");
    List<String> command = new ArrayList<>(List.of(java));
    String modulePath = System.getProperty("jdk.module.path");
    if (modulePath != null && !modulePath.isEmpty()) {
      // The tests run on the module path: so does the process, as the io.s64.emulator module.
      command.addAll(List.of("--module-path", modulePath,
          "--module", "io.s64.emulator/" + EmulatorMain.class.getName()));
    } else {
      command.addAll(List.of("-cp", System.getProperty("java.class.path"),
          EmulatorMain.class.getName()));
    }
    command.addAll(List.of("--port", "0", "--search-duration", "1s"));
    Process process = new ProcessBuilder(command)
        .redirectError(stderr.toFile())
        .start();
    try {
      BufferedReader stdout = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line = CompletableFuture.supplyAsync(() -> {
        try {
          return stdout.readLine();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).get(20, TimeUnit.SECONDS);
      assertNotNull(line);
      assertTrue(line.matches("listening on http://127\\.0\\.0\\.1:\\d+"), line);
      Api api = new Api(line.substring("listening on ".length()), "k");
      assertEquals(404, api.get("/search/status/none").status(), "it serves the API");
      process.destroy();
      assertTrue(process.waitFor(20, TimeUnit.SECONDS), "stops on SIGTERM");
      assertTrue(Files.readString(stderr).contains("emulator stopped"), "the shutdown hook ran");
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void helpPrintsTheUsageAndExitsZero() {
    EmulatorMain.Launch launch = launch("--port", "0", "--help");
    assertNull(launch.emulator());
    assertEquals(0, launch.status());
    assertEquals(EmulatorConfig.usage(), out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aBadFlagPrintsTheErrorAndAHintOnStderrAndExitsTwo() {
    EmulatorMain.Launch launch = launch("--slots", "many");
    assertNull(launch.emulator());
    assertEquals(2, launch.status());
    String error = err.toString(StandardCharsets.UTF_8);
    assertTrue(error.contains("--slots") && error.contains("many"), error);
    assertTrue(error.contains("--help"), error);
    assertEquals("", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aPortInUseExitsOne() {
    EmulatorMain.Launch first = launch("--port", "0");
    Emulator running = first.emulator();
    assertNotNull(running);
    try {
      assertEquals(List.of("listening on " + running.baseUrl()),
          out.toString(StandardCharsets.UTF_8).lines().toList());
      EmulatorMain.Launch second = launch("--port", Integer.toString(running.port()));
      assertNull(second.emulator());
      assertEquals(1, second.status());
      assertTrue(err.toString(StandardCharsets.UTF_8).contains("could not listen"));
    } finally {
      running.close();
    }
  }
}

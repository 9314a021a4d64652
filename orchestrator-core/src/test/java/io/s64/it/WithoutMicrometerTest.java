package io.s64.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Micrometer is an optional dependency of core: a client and a batch without a registry run in a
 * JVM whose class path lacks it. The child JVM gets this test's class and module path less
 * Micrometer's jars, and runs {@link WithoutMicrometer} against the emulator started here.
 */
class WithoutMicrometerTest {
  @Test
  void aBatchRunsWithoutMicrometerOnTheClassPath() throws Exception {
    try (Emulator emulator = Emulator.start(EmulatorConfig.builder().port(0).seed(5)
        .searchDuration(Duration.ofMillis(100), Duration.ofMillis(300)).build())) {
      List<String> entries = Stream.of("jdk.module.path", "java.class.path")
          .map(System::getProperty)
          .filter(p -> p != null && !p.isEmpty())
          .flatMap(p -> Arrays.stream(p.split(File.pathSeparator)))
          .distinct()
          .collect(Collectors.toList());
      List<String> kept = entries.stream()
          .filter(e -> !e.contains("micrometer") && !e.contains("HdrHistogram")
              && !e.contains("LatencyUtils"))
          .collect(Collectors.toList());
      assertTrue(kept.size() < entries.size(), "Micrometer was on this test's path: " + entries);
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", String.join(File.pathSeparator, kept),
          WithoutMicrometer.class.getName(), emulator.baseUrl()));
      Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
      boolean ended = child.waitFor(90, TimeUnit.SECONDS);
      String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!ended) {
        child.destroyForcibly();
      }
      assertTrue(ended, "the child ended: " + out);
      assertEquals(0, child.exitValue(), out);
      assertTrue(out.contains("micrometer absent"), out);
      assertTrue(out.contains("deep-1 completed") && out.contains("deep-2 completed")
          && out.contains("filter-1 completed"), out);
      assertTrue(out.contains("balance " + emulator.credits()), out);
    }
  }
}

package io.s64.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import io.s64.emulator.EmulatorStats;
import io.s64.redis.testing.TestRedis;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * Three replicas in three JVM processes on one key against the emulator; one is SIGKILLed while
 * its searches run. Its searches keep their slots until the survivors have adopted them and seen
 * them end, so no start meets "slots busy" and never more than five searches run.
 */
class ThreeReplicaProcessesTest {

  @Test
  void aKilledReplicasSearchesAreAdoptedAndNoStartMeetsBusySlots() throws Exception {
    String apiKey = TestRedis.freshApiKey();
    try (Emulator emulator = Emulator.start(EmulatorConfig.builder().port(0).seed(5)
        .apiKeys(List.of(apiKey)).rateLimit(100).rateWindow(Duration.ofSeconds(1))
        .searchDuration(Duration.ofMillis(9000), Duration.ofMillis(10000)).build())) {
      List<String> lines = new CopyOnWriteArrayList<>();
      Process doomed = replica(apiKey, emulator, "doomed", 5, 600_000, lines);
      List<Process> survivors = List.of(replica(apiKey, emulator, "left", 4, 6_000, lines),
          replica(apiKey, emulator, "right", 4, 6_000, lines));
      for (String name : List.of("doomed", "left", "right")) {
        awaitLine(lines, "READY " + name);
      }
      // The doomed replica takes the five slots for searches that run 9-10 s (the leases expire 3 s after the last heartbeat)...
      go(doomed);
      Mono.fromCallable(() -> emulator.stats().searchesCreated())
          .filter(n -> n >= 5)
          .repeatWhenEmpty(r -> r.delayElements(Duration.ofMillis(20)))
          .block(Duration.ofSeconds(60));
      survivors.forEach(ThreeReplicaProcessesTest::go);
      // ...and dies holding them while they still run, the survivors waiting for slots.
      Mono.delay(Duration.ofMillis(300)).block();
      doomed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      assertEquals(5, emulator.stats().searchesCreated(), "the survivors waited for slots");
      for (Process p : survivors) {
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "a survivor finished");
        assertEquals(0, p.exitValue(), String.join("\n", lines));
      }
      long completed = lines.stream().filter(l -> l.contains(": OUTCOME ") && l.endsWith(" COMPLETED")
          && !l.startsWith("doomed")).count();
      assertEquals(8, completed, String.join("\n", lines));
      EmulatorStats stats = emulator.stats();
      assertEquals(0, stats.slotsBusy(), "no start met busy slots: the dead replica's slots were adopted");
      assertEquals(0, stats.rateLimited());
      assertTrue(stats.peakConcurrentSearches() <= 5);
      assertTrue(lines.stream().anyMatch(l -> l.contains("adopted the slot")), String.join("\n", lines));
    }
  }

  private static Process replica(String apiKey, Emulator emulator, String name, int jobs,
      long lingerMillis, List<String> lines) throws IOException {
    String classPath = System.getProperty("jdk.module.path", "") + File.pathSeparator
        + System.getProperty("java.class.path", "");
    ProcessBuilder pb = new ProcessBuilder(
        ProcessHandle.current().info().command().orElse("java"),
        "-cp", classPath, "-Xmx128m", ReplicaMain.class.getName(),
        TestRedis.url(), emulator.baseUrl(), name, Integer.toString(jobs), "3000",
        Long.toString(lingerMillis))
        .redirectErrorStream(true);
    pb.environment().put("S64_API_KEY", apiKey);
    Process p = pb.start();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          lines.add(name + ": " + line);
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }, "replica-" + name);
    reader.setDaemon(true);
    reader.start();
    return p;
  }

  private static void go(Process p) {
    try {
      p.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().flush();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void awaitLine(List<String> lines, String text) {
    Mono.fromCallable(() -> lines.stream().anyMatch(l -> l.endsWith(text)))
        .filter(found -> found)
        .repeatWhenEmpty(r -> r.delayElements(Duration.ofMillis(50)))
        .block(Duration.ofSeconds(30));
  }
}

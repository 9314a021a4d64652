package io.s64.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** P3's set-up: the emulator in a process of its own, which the benchmark reaches by its URL. */
@Timeout(120)
class EmulatorProcessTest {
  @Test
  void theBenchmarkReadsItsPagesFromAnEmulatorInAnotherProcess() throws Exception {
    try (EmulatorProcess emulator = EmulatorProcess.start(0, HttpOverheadBenchmark.emulatorFlags())) {
      assertTrue(emulator.baseUrl().startsWith("http://127.0.0.1:"), emulator.baseUrl());
      System.setProperty(HttpOverheadBenchmark.EMULATOR_URL, emulator.baseUrl());
      HttpOverheadBenchmark benchmark = new HttpOverheadBenchmark();
      benchmark.burst = 64;
      benchmark.start();
      try {
        HttpOverheadBenchmark.ClientCpu cpu = new HttpOverheadBenchmark.ClientCpu();
        assertEquals(64 * 10, benchmark.typedClient(cpu));
        assertEquals(64, cpu.requests);
        assertTrue(cpu.cpuNanos > 0, "client CPU counted");
      } finally {
        benchmark.stop();
        System.clearProperty(HttpOverheadBenchmark.EMULATOR_URL);
      }
    }
  }
}

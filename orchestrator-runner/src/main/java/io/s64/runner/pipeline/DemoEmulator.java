package io.s64.runner.pipeline;

import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import java.time.Duration;

/**
 * The emulator {@code s64 run --emulator} starts: on a free loopback port, with demo timings (deep
 * searches of 2 to 6 seconds, exports of 1 to 3 seconds) and the run's own limits, so the demo
 * shows the same slot and budget behaviour as the real API, only faster.
 */
final class DemoEmulator {
  /** The key the run sends to the embedded emulator, which accepts any. */
  static final String KEY = "s64-demo-key";

  /** The shortest and longest deep search of the demo emulator. */
  static final Duration SEARCH_MIN = Duration.ofSeconds(2);
  static final Duration SEARCH_MAX = Duration.ofSeconds(6);

  private DemoEmulator() {}

  /** Starts it; blocking until it listens. */
  static Emulator start(int slots, int rateLimit, Duration rateWindow) {
    return Emulator.start(EmulatorConfig.builder()
        .host("127.0.0.1")
        .port(0)
        .searchDuration(SEARCH_MIN, SEARCH_MAX)
        .exportDuration(Duration.ofSeconds(1), Duration.ofSeconds(3))
        .rateLimit(rateLimit)
        .rateWindow(rateWindow)
        .slots(slots)
        .build());
  }
}

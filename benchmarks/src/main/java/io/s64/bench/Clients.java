package io.s64.bench;

import io.s64.Sixtyfour;
import io.s64.emulator.Emulator;
import java.time.Duration;

/** The s64 client as the scenarios measure it: pointed at an emulator, everything else default. */
final class Clients {
  /** Any non-empty key works with the emulator. */
  static final String API_KEY = "sk_bench_0123456789";

  private Clients() {}

  /** A client on {@code emulator} whose request budget mirrors the emulator's rate window. */
  static Sixtyfour against(Emulator emulator, int rateLimit, Duration rateWindow) {
    return Sixtyfour.builder()
        .apiKey(API_KEY)
        .baseUrl(emulator.baseUrl())
        .rateLimit(rateLimit, rateWindow)
        .build();
  }

  /** Closes a client, waiting for its connection pool to go. */
  static void close(Sixtyfour client) {
    client.close().block(Duration.ofSeconds(10));
  }
}

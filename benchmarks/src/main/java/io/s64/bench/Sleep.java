package io.s64.bench;

import java.time.Duration;

/** A thread sleep with nanosecond resolution: what the docs-literal baseline does between polls. */
final class Sleep {
  private Sleep() {}

  static void of(Duration d) throws InterruptedException {
    long nanos = d.toNanos();
    if (nanos > 0) {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    }
  }
}

package io.s64.bench;

import java.time.Duration;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The physical bound of a deep-search batch: its searches list-scheduled greedily on the slots in
 * submission order with zero overhead (each search starts the instant a slot frees, on the slot
 * that frees first). No orchestrator that starts searches in submission order can finish sooner;
 * the tail (the last searches finishing at different times) is why even this bound has a slot
 * efficiency below 1.
 */
final class ListSchedule {
  private ListSchedule() {}

  /** The makespan of {@code durations}, in submission order, on {@code slots} slots. */
  static Duration makespan(List<Duration> durations, int slots) {
    if (slots < 1) {
      throw new IllegalArgumentException("slots must be at least 1 but was " + slots);
    }
    PriorityQueue<Long> freeAt = new PriorityQueue<>();
    for (int i = 0; i < slots; i++) {
      freeAt.add(0L);
    }
    long end = 0;
    for (Duration d : durations) {
      long finish = freeAt.remove() + d.toNanos();
      freeAt.add(finish);
      end = Math.max(end, finish);
    }
    return Duration.ofNanos(end);
  }

  /** Σ durations ÷ (slots × makespan) of the zero-overhead schedule: the best slot efficiency. */
  static double efficiency(List<Duration> durations, int slots) {
    return efficiency(durations, slots, Duration.ZERO);
  }

  /**
   * The best slot efficiency of a client that polls each search every {@code pollEvery}, first
   * {@code pollEvery} after its start, and does nothing else slower than instantly: each search
   * then holds its slot until the first poll at or after its end, {@code ceil(d / pollEvery) ×
   * pollEvery}. With {@code pollEvery} zero this is {@link #efficiency(List, int)}.
   */
  static double efficiency(List<Duration> durations, int slots, Duration pollEvery) {
    List<Duration> held = durations.stream().map(d -> heldFor(d, pollEvery)).toList();
    Duration makespan = makespan(held, slots);
    if (makespan.isZero()) {
      return 0;
    }
    return (double) total(durations).toNanos() / (slots * (double) makespan.toNanos());
  }

  private static Duration heldFor(Duration d, Duration pollEvery) {
    long every = pollEvery.toNanos();
    if (every <= 0) {
      return d;
    }
    long polls = Math.max(1, (d.toNanos() + every - 1) / every);
    return Duration.ofNanos(polls * every);
  }

  /** The sum of the durations. */
  static Duration total(List<Duration> durations) {
    Duration sum = Duration.ZERO;
    for (Duration d : durations) {
      sum = sum.plus(d);
    }
    return sum;
  }
}

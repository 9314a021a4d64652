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
   * pollEvery}. The makespan ends where the figure's does, at the last search's end (not at the
   * poll that sees it). With {@code pollEvery} zero this is {@link #efficiency(List, int)}.
   */
  static double efficiency(List<Duration> durations, int slots, Duration pollEvery) {
    Duration makespan = lastEnd(durations, slots, pollEvery);
    if (makespan.isZero()) {
      return 0;
    }
    return (double) total(durations).toNanos() / (slots * (double) makespan.toNanos());
  }

  /**
   * When the last search ends if each holds its slot until a poll every {@code pollEvery} sees it
   * ended: list scheduling on the held times, ends at start + duration.
   */
  static Duration lastEnd(List<Duration> durations, int slots, Duration pollEvery) {
    PriorityQueue<Long> freeAt = new PriorityQueue<>();
    for (int i = 0; i < slots; i++) {
      freeAt.add(0L);
    }
    long end = 0;
    for (Duration d : durations) {
      long start = freeAt.remove();
      freeAt.add(start + heldFor(d, pollEvery).toNanos());
      end = Math.max(end, start + d.toNanos());
    }
    return Duration.ofNanos(end);
  }

  /** Polls per search of a client polling every {@code pollEvery}, first one cadence in. */
  static double pollsPerSearch(List<Duration> durations, Duration pollEvery) {
    double polls = 0;
    for (Duration d : durations) {
      polls += Math.max(1, (d.toNanos() + pollEvery.toNanos() - 1) / pollEvery.toNanos());
    }
    return polls / durations.size();
  }

  /**
   * The fixed cadence that makes {@code pollsPerSearch} polls per search on {@code durations}:
   * the longest cadence that makes at least that many (bisection on nanoseconds).
   */
  static Duration cadenceFor(List<Duration> durations, double pollsPerSearch) {
    long lo = 1;
    long hi = 0;
    for (Duration d : durations) {
      hi = Math.max(hi, d.toNanos());
    }
    hi = Math.max(hi, 2);
    while (hi - lo > 1000) {
      long mid = lo + (hi - lo) / 2;
      if (pollsPerSearch(durations, Duration.ofNanos(mid)) >= pollsPerSearch) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return Duration.ofNanos(lo);
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

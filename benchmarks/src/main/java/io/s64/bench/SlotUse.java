package io.s64.bench;

import io.s64.emulator.SearchRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How a batch used the deep-search slots, from the emulator's own timestamps: each deep search
 * held a slot from its {@code createdAt} to its {@code endsAt}.
 *
 * <p>The makespan runs from the first search's creation to the last search's end. After that
 * instant no slot can be used by anything (no search is left to start), so the slot figure ends
 * there, exactly as the {@link ListSchedule} bound it is compared with does. The time the client
 * then takes to see that last terminal status and page its results is reported separately ({@link
 * #efficiencyUntil(Instant)} with the instant the batch ended).
 *
 * @param durations the server-side duration of each deep search, in creation order
 * @param firstCreated when the first deep search was created
 * @param lastEnded when the last deep search ended
 * @param slots the organization's slots
 */
record SlotUse(List<Duration> durations, Instant firstCreated, Instant lastEnded, int slots) {

  SlotUse {
    durations = List.copyOf(durations);
  }

  /** The deep searches among {@code records} (filter searches and exports are left out). */
  static SlotUse of(List<SearchRecord> records, int slots) {
    List<SearchRecord> deep = records.stream()
        .filter(r -> r.kind().equals("deep"))
        .sorted(Comparator.comparing(SearchRecord::createdAt))
        .collect(Collectors.toList());
    if (deep.isEmpty()) {
      throw new IllegalStateException("the emulator created no deep search");
    }
    List<Duration> durations = new ArrayList<>(deep.size());
    Instant lastEnded = Instant.MIN;
    for (SearchRecord r : deep) {
      durations.add(Duration.between(r.createdAt(), r.endsAt()));
      if (r.endsAt().isAfter(lastEnded)) {
        lastEnded = r.endsAt();
      }
    }
    return new SlotUse(durations, deep.get(0).createdAt(), lastEnded, slots);
  }

  /** Σ server-side search durations. */
  Duration busy() {
    return ListSchedule.total(durations);
  }

  /** From the first creation to the last end. */
  Duration makespan() {
    return Duration.between(firstCreated, lastEnded);
  }

  /** Σ durations ÷ (slots × makespan): the P1 figure. */
  double efficiency() {
    return efficiencyUntil(lastEnded);
  }

  /** The same figure with the makespan ending at {@code end} instead (the end of the whole batch). */
  double efficiencyUntil(Instant end) {
    long span = Duration.between(firstCreated, end).toNanos();
    return span <= 0 ? 0 : busy().toNanos() / (slots * (double) span);
  }

  /** The zero-overhead makespan of the same durations in the same order. */
  Duration boundMakespan() {
    return ListSchedule.makespan(durations, slots);
  }

  /** The slot efficiency of the zero-overhead schedule: the most any orchestrator can reach. */
  double bound() {
    return ListSchedule.efficiency(durations, slots);
  }

  /**
   * The most a client can reach that polls each search no more often than every {@code floor}
   * (the first poll one floor after the start): the zero-overhead schedule with each search
   * holding its slot until its first poll at or after its end.
   */
  double cadenceBound(Duration floor) {
    return ListSchedule.efficiency(durations, slots, floor);
  }
}

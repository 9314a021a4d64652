package io.s64.runner.pipeline;

import io.s64.job.Job;
import io.s64.job.Outcome;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The count of a run's outcomes: by status, rows, whether the key was refused, and the time deep
 * searches held a slot (for slot efficiency). Constant size. Thread-safe.
 */
final class Tally {
  private final Map<Outcome.Status, Long> byStatus = new EnumMap<>(Outcome.Status.class);
  private long rows;
  private boolean refused;
  private Duration slotTime = Duration.ZERO;

  /** A job ended. */
  synchronized void add(Outcome o) {
    byStatus.merge(o.status(), 1L, Long::sum);
    rows += o.rows();
    if (o.failure() != null && o.failure().status() == 401) {
      refused = true;
    }
    if (o.kind() == Job.Kind.DEEP && o.startedAt() != null && o.terminalAt() != null) {
      slotTime = slotTime.plus(Duration.between(o.startedAt(), o.terminalAt()));
    }
  }

  /** Outcomes by status, with {@code earlier} (from an interrupted run) added. */
  synchronized Map<Outcome.Status, Long> byStatus(Map<Outcome.Status, Long> earlier) {
    Map<Outcome.Status, Long> all = new EnumMap<>(Outcome.Status.class);
    for (Outcome.Status s : Outcome.Status.values()) {
      all.put(s, byStatus.getOrDefault(s, 0L) + earlier.getOrDefault(s, 0L));
    }
    return all;
  }

  synchronized long rows() {
    return rows;
  }

  /** Whether some job failed with HTTP 401. */
  synchronized boolean refused() {
    return refused;
  }

  /** Σ (terminal − started) over the deep searches this run started and saw end. */
  synchronized Duration slotTime() {
    return slotTime;
  }
}

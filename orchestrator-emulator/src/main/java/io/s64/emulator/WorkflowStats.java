package io.s64.emulator;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the emulator saw of workflow runs: the {@code workflows} object of {@code GET
 * /_emulator/stats} (snake_case names). Counters restart on {@link Emulator#reset()}; {@code
 * runsByStatus} is the state of every run at the snapshot.
 *
 * @param runsStarted runs created (a replayed start creates none)
 * @param runsReplayed starts answered {@code already_started: true} for a known {@code
 *     Idempotency-Key}
 * @param idempotencyConflicts starts refused 409 because their key had started a run for another
 *     request
 * @param rowsSubmitted rows sent in {@code webhook_payload} by the starts that created a run
 * @param resultRowsServed result rows of runs whose result file was downloaded to its end at least
 *     once (each run counted once, whatever the format and the number of downloads)
 * @param runsByStatus every run by its status at the snapshot (queued, running, completed,
 *     failed, cancelled)
 */
public record WorkflowStats(long runsStarted, long runsReplayed, long idempotencyConflicts,
    long rowsSubmitted, long resultRowsServed, Map<String, Long> runsByStatus) {

  /** Copies the map into an unmodifiable, sorted one. */
  public WorkflowStats {
    runsByStatus = Collections.unmodifiableMap(new TreeMap<>(runsByStatus));
  }

  /** Runs with {@code status} at the snapshot; 0 if none. */
  public long runs(String status) {
    return runsByStatus.getOrDefault(status, 0L);
  }
}

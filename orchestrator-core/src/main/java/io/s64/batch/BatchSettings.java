package io.s64.batch;

import io.s64.journal.Journal;
import io.s64.poll.PollSchedule;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A batch's configuration; see {@link Batch.Builder} for each setting. Deep searches are polled on
 * {@code learnedPoll}, or on the fixed {@code poll} when it is null.
 */
record BatchSettings(
    PollSchedule.@Nullable Learned learnedPoll,
    PollSchedule poll,
    PollSchedule exportPoll,
    PollSchedule enrichmentPoll,
    int pageSize,
    boolean csvResults,
    boolean dedup,
    long dedupCapacity,
    int concurrency,
    Journal journal,
    Duration busyBackoffFirst,
    Duration busyBackoffMax,
    int downloadAttempts,
    int csvChunkRows,
    int readAheadPages,
    int openReads,
    Duration snapshotEvery,
    DoubleSupplier random,
    WorkflowSettings workflows,
    @Nullable BigDecimal maxCredits,
    Duration creditCheckEvery) {

  /** The wait before requeued attempt {@code n} (0-based) of a start that found slots busy. */
  Duration busyBackoff(long n) {
    double base = Math.min(busyBackoffMax.toNanos(),
        busyBackoffFirst.toNanos() * Math.pow(2, Math.min(30, n)));
    return Duration.ofNanos((long) (base * (0.5 + 0.5 * random.getAsDouble())));
  }
}

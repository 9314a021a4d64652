package io.s64.batch;

import io.s64.journal.Journal;
import io.s64.poll.PollSchedule;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/** A batch's configuration; see {@link Batch.Builder} for each setting. */
record BatchSettings(
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
    DoubleSupplier random) {}

package io.s64.bench;

import io.s64.Sixtyfour;
import io.s64.batch.Batch;
import io.s64.job.Job;
import io.s64.limits.RequestBudget;
import io.s64.model.DeepSearchRequest;
import io.s64.poll.PollSchedule;
import java.time.Duration;

/**
 * The pipeline as P4 and P5 measure it: s64's {@link Batch} on an {@link InMemoryApi}, with
 * every wait that exists only to protect the real API set to zero, so that what remains is the
 * pipeline's own cost.
 *
 * <ul>
 *   <li>Budget {@link RequestBudget#unlimited()}: no rate window to wait for.
 *   <li>Poll schedule: first delay 0 and floor 0 (the record allows both), so the first poll goes
 *       out at once; it still goes through {@code Mono.delay} on the client's scheduler, as every
 *       poll does. The interval (never used: the first poll is terminal) stays the scaled default.
 *   <li>Slots: raised from 5 to {@value #SLOTS}, the batch's default concurrency, because with
 *       searches that end at once 5 slots measure the slot hand-over latency rather than the
 *       pipeline; P4 also reports the 5-slot figure.
 * </ul>
 */
final class Pipelines {
  /** Slots for the overhead measurements: the batch's default concurrency. */
  static final int SLOTS = 256;

  private Pipelines() {}

  /** A client on {@code api} with the budget off and {@code slots} slots. */
  static Sixtyfour client(InMemoryApi api, int slots) {
    return Sixtyfour.builder().apiKey(Clients.API_KEY).transport(api)
        .budget(RequestBudget.unlimited()).slots(slots)
        .build();
  }

  /** A batch with zero poll delays, otherwise the defaults (dedup on, concurrency 256, pages of 100). */
  static Batch batch(Sixtyfour client) {
    return Batch.builder(client).poll(instantPolls()).build();
  }

  /**
   * {@link #batch(Sixtyfour)} with dedup naming up to {@code dedupCapacity} originals (default
   * 10,000); dedup itself is exact whatever the bound.
   */
  static Batch batch(Sixtyfour client, long dedupCapacity) {
    return Batch.builder(client).poll(instantPolls()).dedupCapacity(dedupCapacity).build();
  }

  /** Polls at once: first delay and floor zero. */
  static PollSchedule instantPolls() {
    return Scaled.defaultCadence().withFirstDelay(Duration.ZERO).withFloor(Duration.ZERO);
  }

  /** Deep job {@code i}: a distinct query, so dedup lets every job through. */
  static Job.DeepSearch job(long i) {
    return Job.deep("job-" + i, DeepSearchRequest.of("CTOs of seed-stage fintechs, probe " + i));
  }
}

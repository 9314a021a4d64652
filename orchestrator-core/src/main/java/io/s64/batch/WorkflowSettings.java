package io.s64.batch;

import io.s64.poll.PollSchedule;
import java.time.Duration;

/**
 * How a batch runs workflow jobs.
 *
 * @param poll when to read a run's live status: the interval plus up to {@code jitter} of it
 * @param stallTimeout how long a run may show no progress before it is cancelled
 * @param retryStalled replace a cancelled stalled run by one fresh run instead of failing the job
 * @param runsAtOnce how many runs of one job are started and watched at once
 */
record WorkflowSettings(PollSchedule poll, Duration stallTimeout, boolean retryStalled, int runsAtOnce) {
  /** Every 5–10 s, 30 minutes without progress, no retry, 10 runs of a job at once. */
  static final WorkflowSettings DEFAULTS = new WorkflowSettings(
      PollSchedule.defaults().withCadence(Duration.ofSeconds(5)).withJitter(1.0),
      Duration.ofMinutes(30), false, 10);

  WorkflowSettings withPoll(PollSchedule p) {
    return new WorkflowSettings(p, stallTimeout, retryStalled, runsAtOnce);
  }

  WorkflowSettings withStallTimeout(Duration d) {
    return new WorkflowSettings(poll, d, retryStalled, runsAtOnce);
  }

  WorkflowSettings withRetryStalled(boolean r) {
    return new WorkflowSettings(poll, stallTimeout, r, runsAtOnce);
  }

  /** The wait before live-status poll {@code n}: jittered whatever the budget's pressure. */
  Duration delay(int n, double random) {
    return poll.delay(n, random, 1.0);
  }
}

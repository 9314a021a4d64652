package io.s64.runner.output;

import io.s64.job.BatchEvent;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The last status poll of each job whose outcome is not written yet, so that the outcome line can
 * keep a deep search's last phase and iteration count, and when the poll before the last one was
 * made: the terminal status that the last poll saw came after it, which bounds the delay before
 * the client could see it. Fed from the batch's events, which are emitted on the poll's own thread
 * before the poll's result goes on, so a job's last poll is here before its outcome is recorded;
 * the outcome writer takes the entry, so only unfinished jobs are held (one small record each).
 */
final class LastPolls {
  private final ConcurrentHashMap<String, Seen> byJob = new ConcurrentHashMap<>();
  private final Supplier<Instant> clock;

  LastPolls(Supplier<Instant> clock) {
    this.clock = clock;
  }

  /**
   * The polls of one job.
   *
   * @param last the last poll
   * @param lastAt when it was seen
   * @param beforeLastAt when the poll before it was seen, or null when it was the first
   */
  record Seen(BatchEvent.Polled last, Instant lastAt, @Nullable Instant beforeLastAt) {}

  void on(BatchEvent event) {
    if (event instanceof BatchEvent.Polled polled) {
      Instant now = clock.get();
      byJob.compute(polled.jobId(),
          (job, seen) -> new Seen(polled, now, seen == null ? null : seen.lastAt()));
    }
  }

  /** The job's polls, forgotten from now on; null when it was never polled. */
  @Nullable Seen take(String jobId) {
    return byJob.remove(jobId);
  }
}

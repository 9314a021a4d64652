package io.s64.runner.output;

import io.s64.batch.BatchEvent;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The last status poll of each job whose outcome is not written yet, so that the outcome line can
 * keep a deep search's last phase and iteration count. Fed from the batch's events, which are
 * emitted on the poll's own thread before the poll's result goes on, so a job's last poll is here
 * before its outcome is recorded; the outcome writer takes the entry, so only unfinished jobs are
 * held (at most one small record each).
 */
final class LastPolls {
  private final ConcurrentHashMap<String, BatchEvent.Polled> byJob = new ConcurrentHashMap<>();

  void on(BatchEvent event) {
    if (event instanceof BatchEvent.Polled polled) {
      byJob.put(polled.jobId(), polled);
    }
  }

  /** The job's last poll, forgotten from now on; null when it was never polled. */
  BatchEvent.@Nullable Polled take(String jobId) {
    return byJob.remove(jobId);
  }
}

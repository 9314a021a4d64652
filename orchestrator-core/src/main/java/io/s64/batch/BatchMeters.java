package io.s64.batch;

import io.s64.job.Job;
import io.s64.job.Outcome;
import java.time.Duration;

/**
 * What a batch reports for its meters. Free of Micrometer types, so that a batch loads and runs
 * without Micrometer on the class path: {@link #NONE} when no registry was given, {@link
 * MicrometerBatchMeters} (loaded only then) when one was.
 */
interface BatchMeters {
  /** Records nothing. */
  BatchMeters NONE = new BatchMeters() {};

  /** A job ended in {@code outcome}. */
  default void finished(Outcome outcome) {}

  /** {@code n} rows reached the sink. */
  default void rows(long n) {}

  /**
   * A task of a job of {@code kind} was seen terminal {@code bound} after the last poll that saw it
   * running: the most its end can have gone unnoticed.
   */
  default void detected(Job.Kind kind, Duration bound) {}
}

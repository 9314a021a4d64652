package io.s64.emulator.state;

import io.s64.emulator.DurationRange;
import java.time.Duration;
import java.time.Instant;

/**
 * When a task was created, stops being queued and ends. Status is computed from the clock on
 * demand (nothing runs in the background): queued until {@code queuedUntil}, running until {@code
 * endsAt}, then terminal.
 *
 * @param createdAt creation
 * @param queuedUntil end of the queued phase: {@code createdAt + min(1s, duration / 10)}
 * @param endsAt end of the task
 */
public record Timeline(Instant createdAt, Instant queuedUntil, Instant endsAt) {
  private static final Duration MAX_QUEUED = Duration.ofSeconds(1);

  /**
   * The duration at {@code fraction} of the way from {@code range}'s min to its max, rounded to the
   * millisecond: how a task's length is drawn.
   *
   * @param fraction in {@code [0, 1]}
   */
  static Duration drawn(DurationRange range, double fraction) {
    long span = range.max().toMillis() - range.min().toMillis();
    return range.min().plusMillis(Math.round(span * fraction));
  }

  static Timeline starting(Instant now, Duration duration) {
    Duration queued = duration.dividedBy(10);
    if (queued.compareTo(MAX_QUEUED) > 0) {
      queued = MAX_QUEUED;
    }
    return new Timeline(now, now.plus(queued), now.plus(duration));
  }

  /** A task that is over as soon as it exists (filter searches). */
  static Timeline instant(Instant now) {
    return new Timeline(now, now, now);
  }

  TaskStatus statusAt(Instant now, boolean fails) {
    if (now.isBefore(queuedUntil)) {
      return TaskStatus.QUEUED;
    }
    if (now.isBefore(endsAt)) {
      return TaskStatus.RUNNING;
    }
    return fails ? TaskStatus.FAILED : TaskStatus.COMPLETED;
  }

  /** How far the running phase is, in {@code [0, 1]}. */
  public double progress(Instant now) {
    long total = Duration.between(queuedUntil, endsAt).toMillis();
    if (total <= 0) {
      return now.isBefore(endsAt) ? 0 : 1;
    }
    double done = Duration.between(queuedUntil, now).toMillis() / (double) total;
    return Math.max(0, Math.min(1, done));
  }
}

package io.s64.batch;

import io.s64.job.BatchEvent;
import io.s64.model.JobStatus;
import io.s64.model.SearchStatus;
import io.s64.poll.PollSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Polls a task until its status is terminal or the schedule's deadline passes. Each poll waits
 * on the client's scheduler, so cancelling stops the loop at once; polls never overlap. Every poll
 * is emitted as a {@link BatchEvent.Polled}; the terminal status is recorded as a {@link
 * BatchEvent.Terminal}, which is what advances the job.
 */
final class Poller {
  /** How to read a status type: searches and exports, or enrichment jobs. */
  interface View<T> {
    String status(T t);

    boolean terminal(T t);

    @Nullable String progress(T t);

    @Nullable Integer phase(T t);

    int iterations(T t);

    @Nullable String searchId(T t);

    @Nullable String resourceHandleId(T t);

    @Nullable String error(T t);
  }

  static final View<SearchStatus> SEARCH = new View<>() {
    @Override public String status(SearchStatus s) {
      return s.status();
    }

    @Override public boolean terminal(SearchStatus s) {
      return s.isTerminal();
    }

    @Override public @Nullable String progress(SearchStatus s) {
      return s.progressMessage();
    }

    @Override public @Nullable Integer phase(SearchStatus s) {
      return s.currentPhase();
    }

    @Override public int iterations(SearchStatus s) {
      return s.iterations().size();
    }

    @Override public @Nullable String searchId(SearchStatus s) {
      return s.searchId();
    }

    @Override public @Nullable String resourceHandleId(SearchStatus s) {
      return s.resourceHandleId();
    }

    @Override public @Nullable String error(SearchStatus s) {
      return s.error();
    }
  };

  static final View<JobStatus> JOB = new View<>() {
    @Override public String status(JobStatus s) {
      return s.status();
    }

    @Override public boolean terminal(JobStatus s) {
      return s.isTerminal();
    }

    @Override public @Nullable String progress(JobStatus s) {
      return null;
    }

    @Override public @Nullable Integer phase(JobStatus s) {
      return null;
    }

    @Override public int iterations(JobStatus s) {
      return 0;
    }

    @Override public @Nullable String searchId(JobStatus s) {
      return null;
    }

    @Override public @Nullable String resourceHandleId(JobStatus s) {
      return null;
    }

    @Override public @Nullable String error(JobStatus s) {
      return s.error();
    }
  };

  private final Scheduler scheduler;
  private final DoubleSupplier random;
  private final DoubleSupplier pressure;
  private final BatchMeters meters;

  /**
   * @param random poll jitter, uniform in [0, 1)
   * @param pressure budget pressure, 0 (idle) to 1 (spent): a busy budget spreads polls out
   * @param meters where the detection delay goes
   */
  Poller(Scheduler scheduler, DoubleSupplier random, DoubleSupplier pressure, BatchMeters meters) {
    this.scheduler = scheduler;
    this.random = random;
    this.pressure = pressure;
    this.meters = meters;
  }

  /**
   * Polls {@code taskId} until its status is terminal.
   *
   * @param immediate poll at once (re-attaching to a task of an earlier run), else after the
   *     schedule's first delay
   */
  <T> Mono<T> untilTerminal(JobTracker job, String taskId, Function<String, Mono<T>> fetch,
      View<T> view, PollSchedule schedule, boolean immediate) {
    return Mono.defer(() -> {
      Instant started = job.startedAt();
      Instant since = started != null && !immediate ? started : job.now();
      Instant deadline = since.plus(schedule.deadline());
      AtomicInteger polls = new AtomicInteger(immediate ? -1 : 0);
      // The detection delay's bound starts at the last poll that saw the task running, or at the
      // acknowledged start when none did (unknown for a task of an earlier run).
      AtomicReference<@Nullable Instant> lastRunning =
          new AtomicReference<>(immediate ? null : started);
      return Mono.defer(() -> {
            int n = polls.getAndIncrement();
            Duration wait = n < 0 ? Duration.ZERO
                : schedule.delay(n, random.getAsDouble(), pressure.getAsDouble());
            Duration left = Duration.between(job.now(), deadline);
            if (left.isNegative()) {
              left = Duration.ZERO;
            }
            if (wait.compareTo(left) > 0) {
              wait = left;
            }
            return Mono.delay(wait, scheduler).then(fetch.apply(taskId));
          })
          .repeat()
          .doOnNext(status -> {
            job.emit(new BatchEvent.Polled(job.id(), taskId, view.status(status),
                view.progress(status), view.phase(status), view.iterations(status)));
            Instant now = job.now();
            if (!view.terminal(status)) {
              lastRunning.set(now);
              if (!now.isBefore(deadline)) {
                throw new PollDeadlineException(taskId, schedule.deadline());
              }
            } else {
              Instant from = lastRunning.get();
              if (from != null) {
                meters.detected(job.job().kind(), Duration.between(from, now));
              }
            }
          })
          .takeUntil(view::terminal)
          .last()
          .flatMap(status -> job.record(new BatchEvent.Terminal(job.id(), taskId, view.status(status),
                  view.searchId(status), view.resourceHandleId(status), view.error(status)))
              .thenReturn(status));
    });
  }
}

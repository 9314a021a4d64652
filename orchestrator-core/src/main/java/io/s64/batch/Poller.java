package io.s64.batch;

import io.s64.job.BatchEvent;
import io.s64.model.JobStatus;
import io.s64.model.SearchStatus;
import io.s64.internal.PollBelief;
import io.s64.poll.PollSchedule;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicInteger;
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

  /**
   * Polls the search {@code taskId} on the learned schedule until its status is terminal, then
   * teaches {@code learned} how long the search took (from the status's {@code start_time} and
   * {@code close_time} when both are there, else the middle between the last two polls) and how
   * long it ran after each progress state it showed.
   */
  Mono<SearchStatus> untilTerminal(JobTracker job, String taskId,
      Function<String, Mono<SearchStatus>> fetch, PollSchedule.Learned schedule,
      AtomicReference<PollBelief> learned, boolean immediate) {
    return Mono.defer(() -> {
      Instant started = job.startedAt();
      Instant since = started != null && !immediate ? started : job.now();
      Instant deadline = since.plus(schedule.deadline());
      SearchPolls state = new SearchPolls(since);
      return Mono.defer(() -> {
            Duration wait = immediate && state.polls == 0 ? Duration.ZERO : learned.get().next(
                schedule, state.age(job.now()), state.polls, state.hint, state.hintSince);
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
            state.polled(job.now(), PollBelief.hintKey(status.currentPhase(),
                status.iterations().size(), status.progressMessage()));
            job.emit(new BatchEvent.Polled(job.id(), taskId, status.status(),
                status.progressMessage(), status.currentPhase(), status.iterations().size()));
            if (!status.isTerminal() && !job.now().isBefore(deadline)) {
              throw new PollDeadlineException(taskId, schedule.deadline());
            }
          })
          .takeUntil(SearchStatus::isTerminal)
          .last()
          .doOnNext(status -> {
            if (!immediate || status.closeTime() != null) {
              if (!learned.updateAndGet(state.teach(status)).prepared()) {
                prepareLatest(learned);
              }
            }
          })
          .flatMap(status -> job.record(new BatchEvent.Terminal(job.id(), taskId, status.status(),
                  status.searchId(), status.resourceHandleId(), status.error()))
              .thenReturn(status));
    });
  }

  /**
   * Prepares the run's latest belief off the poll path: until it is ready, polls follow the
   * previous plan. A burst of completions prepares only the belief that is current when the task
   * runs (an older one nobody reads is skipped); a scheduler that is shutting down prepares nothing
   * and fails nothing.
   */
  void prepareLatest(AtomicReference<PollBelief> learned) {
    try {
      scheduler.schedule(() -> learned.get().prepare());
    } catch (RejectedExecutionException e) {
      // The run is ending; a poll that still comes computes the plan itself.
    }
  }

  /** One search's polls so far; touched only by its own poll loop, one poll at a time. */
  private static final class SearchPolls {
    private final Instant since;
    private int polls;
    private Duration previous = Duration.ZERO;
    private Duration last = Duration.ZERO;
    private @Nullable String hint;
    private Duration hintSince = Duration.ZERO;
    private final Map<String, Duration> firstSeen = new LinkedHashMap<>();

    SearchPolls(Instant since) {
      this.since = since;
    }

    Duration age(Instant now) {
      Duration age = Duration.between(since, now);
      return age.isNegative() ? Duration.ZERO : age;
    }

    void polled(Instant now, @Nullable String key) {
      polls++;
      previous = last;
      last = age(now);
      if (key != null && !key.equals(hint)) {
        hintSince = last;
        firstSeen.putIfAbsent(key, last);
      }
      hint = key;
    }

    java.util.function.UnaryOperator<PollBelief> teach(SearchStatus status) {
      Duration took = serverTime(status);
      if (took == null) {
        took = previous.plus(last).dividedBy(2);
      }
      Duration ran = took;
      return times -> {
        PollBelief t = times.withCompletion(ran, polls);
        for (Map.Entry<String, Duration> e : firstSeen.entrySet()) {
          Duration left = ran.minus(e.getValue());
          if (!left.isNegative()) {
            t = t.withHint(e.getKey(), left);
          }
        }
        return t;
      };
    }

    private static @Nullable Duration serverTime(SearchStatus status) {
      String start = status.startTime();
      String close = status.closeTime();
      if (start == null || close == null) {
        return null;
      }
      try {
        Duration took = Duration.between(Instant.parse(start), Instant.parse(close));
        return took.isNegative() ? null : took;
      } catch (DateTimeParseException e) {
        return null;
      }
    }
  }
}

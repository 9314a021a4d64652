package io.s64.batch;

import io.s64.model.JobStatus;
import io.s64.model.SearchStatus;
import io.s64.poll.PollSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Polls a task until its status is terminal or the schedule's deadline passes. Each poll waits
 * on the client's scheduler, so cancelling stops the loop at once; polls never overlap.
 */
final class Polling {
  private Polling() {}

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

  /** Polls a deep search or an export. */
  static Mono<SearchStatus> untilTerminal(Run run, JobRun jr, String taskId,
      Function<String, Mono<SearchStatus>> fetch, PollSchedule schedule, boolean immediate) {
    return untilTerminal(run, jr, taskId, fetch, SEARCH, schedule, immediate);
  }

  /**
   * @param immediate poll at once (re-attaching to a task of an earlier run), else after the
   *     schedule's first delay
   */
  static <T> Mono<T> untilTerminal(Run run, JobRun jr, String taskId, Function<String, Mono<T>> fetch,
      View<T> view, PollSchedule schedule, boolean immediate) {
    return Mono.defer(() -> {
      Instant since = jr.startedAt != null && !immediate ? jr.startedAt : run.now();
      Instant deadline = since.plus(schedule.deadline());
      AtomicInteger polls = new AtomicInteger(immediate ? -1 : 0);
      return Mono.defer(() -> {
            int n = polls.getAndIncrement();
            Duration wait = n < 0 ? Duration.ZERO
                : schedule.delay(n, run.settings.random().getAsDouble(), run.pressure());
            Duration left = Duration.between(run.now(), deadline);
            if (left.isNegative()) {
              left = Duration.ZERO;
            }
            if (wait.compareTo(left) > 0) {
              wait = left;
            }
            return Mono.delay(wait, run.client.scheduler()).then(fetch.apply(taskId));
          })
          .repeat()
          .doOnNext(status -> {
            run.emit(new BatchEvent.Polled(jr.job.id(), taskId, view.status(status),
                view.progress(status), view.phase(status), view.iterations(status)));
            if (!view.terminal(status) && !run.now().isBefore(deadline)) {
              throw new PollDeadlineException(taskId, schedule.deadline());
            }
          })
          .takeUntil(view::terminal)
          .last()
          .flatMap(status -> {
            jr.terminalAt = run.now();
            if (view.searchId(status) != null && jr.job.kind() == Job.Kind.DEEP) {
              jr.searchId = view.searchId(status);
            }
            return run.record(new BatchEvent.Terminal(jr.job.id(), taskId, view.status(status),
                    view.searchId(status), view.resourceHandleId(status), view.error(status)))
                .thenReturn(status);
          });
    });
  }
}

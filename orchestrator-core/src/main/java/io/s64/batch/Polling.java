package io.s64.batch;

import io.s64.model.SearchStatus;
import io.s64.poll.PollSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Polls a task until its status is terminal or the schedule's deadline passes. Each poll waits
 * on the client's scheduler, so cancelling stops the loop at once; polls never overlap.
 */
final class Polling {
  private Polling() {}

  /**
   * @param immediate poll at once (re-attaching to a task of an earlier run), else after the
   *     schedule's first delay
   */
  static Mono<SearchStatus> untilTerminal(Run run, JobRun jr, String taskId,
      Function<String, Mono<SearchStatus>> fetch, PollSchedule schedule, boolean immediate) {
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
            run.emit(new BatchEvent.Polled(jr.job.id(), taskId, status.status(),
                status.progressMessage(), status.currentPhase()));
            if (!status.isTerminal() && !run.now().isBefore(deadline)) {
              throw new PollDeadlineException(taskId, schedule.deadline());
            }
          })
          .takeUntil(SearchStatus::isTerminal)
          .last()
          .flatMap(status -> {
            jr.terminalAt = run.now();
            if (status.searchId() != null && jr.job.kind() == Job.Kind.DEEP) {
              jr.searchId = status.searchId();
            }
            return run.record(new BatchEvent.Terminal(jr.job.id(), taskId, status.status(),
                    status.searchId(), status.resourceHandleId(), status.error()))
                .thenReturn(status);
          });
    });
  }
}

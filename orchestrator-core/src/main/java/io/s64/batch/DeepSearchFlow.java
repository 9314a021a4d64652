package io.s64.batch;

import io.s64.error.SlotsBusyException;
import io.s64.limits.SearchSlots;
import io.s64.model.DeepSearchRequest;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * A deep search: take a slot, start (or re-attach), poll until terminal, give the slot back the
 * moment the terminal status is seen, then read the results while the next search already runs.
 * The slot is given back on every path: terminal, error, cancel, and a grant that crosses the
 * job's cancel.
 */
final class DeepSearchFlow {
  private DeepSearchFlow() {}

  static Mono<Outcome> run(Run run, JobRun jr) {
    Job job = jr.job;
    DeepSearchRequest asked = job.deep();
    String searchId = jr.searchId != null ? jr.searchId
        : asked.searchId() != null ? asked.searchId() : UUID.randomUUID().toString();
    jr.searchId = searchId;
    DeepSearchRequest request = asked.withSearchId(searchId);
    boolean attach = jr.taskId != null;
    return run.record(new BatchEvent.Admitted(job.id(), Job.Kind.DEEP, searchId))
        .then(take(attach ? run.client.slots().acquireFirst() : run.client.slots().acquire()))
        .flatMap(slot -> (attach ? Mono.just(jr.taskId) : start(run, jr, request))
            .flatMap(taskId -> Polling.untilTerminal(run, jr, taskId, run.client::searchStatus,
                run.settings.poll(), attach))
            .doOnNext(terminal -> slot.release())
            .doFinally(signal -> slot.release()))
        .doOnDiscard(SearchSlots.Slot.class, SearchSlots.Slot::release)
        .flatMap(terminal -> Results.read(run, jr, terminal, request.maxResults()));
  }

  /**
   * The slot's scope starts here: a slot that reaches the job after its wait was cancelled (a grant
   * that crossed the cancel) is given back at once and nothing is started with it; one that an
   * operator between here and the search drops because the job was cancelled meanwhile is given
   * back by the discard hook above. From the search on, {@code doFinally} gives it back on every
   * path. Giving a slot back twice is harmless.
   */
  private static Mono<SearchSlots.Slot> take(Mono<SearchSlots.Slot> acquire) {
    return Mono.defer(() -> {
      AtomicBoolean cancelled = new AtomicBoolean();
      return acquire
          .doOnCancel(() -> cancelled.set(true))
          .handle((slot, sink) -> {
            if (cancelled.get()) {
              slot.release();
            } else {
              sink.next(slot);
            }
          });
    });
  }

  /**
   * Starts the search. "Slots busy" (another process uses the organization's slots) requeues the
   * start with the same search id after a backoff; it never fails the job.
   */
  private static Mono<String> start(Run run, JobRun jr, DeepSearchRequest request) {
    return run.client.startDeepSearch(request)
        .retryWhen(Retry.from(signals -> signals.concatMap(s -> s.failure() instanceof SlotsBusyException
            ? Mono.delay(run.busyBackoff(s.totalRetriesInARow()), run.client.scheduler())
            : Mono.error(s.failure()))))
        .flatMap(task -> {
          jr.taskId = task.taskId();
          jr.startedAt = run.now();
          return run.record(new BatchEvent.Started(jr.job.id(), task.taskId(), task.searchId()))
              .thenReturn(task.taskId());
        });
  }
}

package io.s64.batch;

import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.job.BatchEvent;
import io.s64.error.SlotsBusyException;
import io.s64.model.DeepSearchRequest;
import java.util.UUID;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * A deep search: take a slot, start (or re-attach), poll until terminal, give the slot back the
 * moment the terminal status is seen, then read the results while the next search already runs.
 */
final class DeepSearchFlow {
  private DeepSearchFlow() {}

  static Mono<Outcome> run(Run run, JobRun jr, DeepSearchRequest asked) {
    Job job = jr.job;
    String searchId = jr.searchId != null ? jr.searchId
        : asked.searchId() != null ? asked.searchId() : UUID.randomUUID().toString();
    jr.searchId = searchId;
    DeepSearchRequest request = asked.withSearchId(searchId);
    boolean attach = jr.taskId != null;
    return run.record(new BatchEvent.Admitted(job.id(), Job.Kind.DEEP, searchId))
        .then(attach ? run.client.slots().acquireFirst() : run.client.slots().acquire())
        .flatMap(slot -> (attach ? Mono.just(jr.taskId) : start(run, jr, request))
            .flatMap(taskId -> Polling.untilTerminal(run, jr, taskId, run.client::searchStatus,
                run.settings.poll(), attach))
            .doOnNext(terminal -> slot.release())
            .doFinally(signal -> slot.release()))
        .flatMap(terminal -> Results.read(run, jr, terminal, request.maxResults()));
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

package io.s64.batch;

import io.s64.Sixtyfour;
import io.s64.error.RateLimitedException;
import io.s64.internal.PollBelief;
import io.s64.job.BatchEvent;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.limits.SearchSlots;
import io.s64.model.DeepSearchRequest;
import io.s64.model.SearchStatus;
import io.s64.poll.PollSchedule;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * A deep search: take a slot, start (or re-attach), poll until terminal, give the slot back the
 * moment the terminal status is seen, then read the results while the next search already runs.
 * The slot is given back on every path: terminal, error, cancel, and a grant that crosses the
 * job's cancel. The search id is chosen before the start and recorded at admission, so neither a
 * retried start nor a resumed run can start a second search.
 */
final class DeepSearchFlow implements Flow<Job.DeepSearch> {
  private final Sixtyfour client;
  private final SearchSlots slots;
  private final Poller poller;
  private final PollSchedule.@Nullable Learned learnedSchedule;
  private final PollSchedule schedule;
  /** What this run has learned of its searches' completion times; null on the fixed schedule. */
  private final @Nullable AtomicReference<PollBelief> learned;
  private final SearchResults results;
  private final LongFunction<Duration> busyBackoff;
  private final CreditGuard credits;
  private final Batch.Registry registry;

  /**
   * @param learnedSchedule the learned poll schedule, or null to poll on {@code schedule}
   * @param schedule the fixed poll schedule
   * @param busyBackoff the wait before requeued attempt n (0-based) of a start that found the
   *     organization's slots busy
   */
  DeepSearchFlow(Sixtyfour client, Poller poller, PollSchedule.@Nullable Learned learnedSchedule,
      PollSchedule schedule, SearchResults results, LongFunction<Duration> busyBackoff,
      Batch.Registry registry, CreditGuard credits) {
    this.credits = credits;
    this.client = client;
    this.slots = client.slots();
    this.poller = poller;
    this.learnedSchedule = learnedSchedule;
    this.schedule = schedule;
    this.learned = learnedSchedule == null ? null
        : new AtomicReference<>(PollBelief.prior(learnedSchedule));
    if (learned != null) {
      poller.prepareLatest(learned); // the prior's plan, before the first searches ask for it
    }
    this.results = results;
    this.busyBackoff = busyBackoff;
    this.registry = registry;
  }

  @Override
  public @Nullable String dedupKey(Job.DeepSearch job) {
    return DedupKeys.deep(job.request());
  }

  @Override
  public Mono<Outcome> run(Job.DeepSearch job, JobTracker tracker) {
    DeepSearchRequest asked = job.request();
    Job.Progress progress = tracker.progress();
    String attachTo = progress.taskId();
    if (progress.searchId() != null) {
      return run(job, tracker, progress.searchId(), attachTo);
    }
    String proposed = asked.searchId() != null ? asked.searchId() : UUID.randomUUID().toString();
    // An identical request of another process may have claimed a search already: use its id.
    return registry.searchFor(DedupKeys.deep(asked), proposed)
        .onErrorResume(e -> Mono.empty())
        .defaultIfEmpty(proposed)
        .flatMap(searchId -> run(job, tracker, searchId, attachTo));
  }

  private Mono<Outcome> run(Job.DeepSearch job, JobTracker tracker, String searchId,
      @Nullable String attachTo) {
    DeepSearchRequest request = job.request().withSearchId(searchId);
    return tracker.record(new BatchEvent.Admitted(job.id(), job.kind(), searchId))
        .then(attachTo != null ? take(slots.reattach(attachTo)) : unlessPaidWorkStops(take(slots.acquire())))
        .flatMap(slot -> (attachTo != null ? Mono.just(attachTo) : start(tracker, request))
            .doOnNext(slot::running)
            .flatMap(taskId -> learnedSchedule != null && learned != null
                ? poller.untilTerminal(tracker, taskId, status(slot), learnedSchedule,
                    learned, attachTo != null)
                : poller.untilTerminal(tracker, taskId, status(slot), Poller.SEARCH,
                    schedule, attachTo != null))
            .doFinally(signal -> slot.release()))
        .doOnDiscard(SearchSlots.Slot.class, SearchSlots.Slot::release)
        .flatMap(terminal -> terminal.state() != SearchStatus.State.FAILED ? Mono.just(terminal)
            : registry.searchFailed(DedupKeys.deep(job.request()), searchId)
                .onErrorResume(e -> Mono.empty()).thenReturn(terminal))
        .flatMap(terminal -> results.read(tracker, terminal, request));
  }

  /**
   * The search's status, giving the slot back the moment the server says the search ended: the
   * organization's slot is free from then on, so the next search may start while this one's end is
   * journalled and its rows are read. (A crash in between loses nothing: a resumed run re-attaches
   * to the task, sees it ended at the first poll and reads its rows.)
   */
  private Function<String, Mono<SearchStatus>> status(SearchSlots.Slot slot) {
    return taskId -> client.searchStatus(taskId).doOnNext(status -> {
      if (status.isTerminal()) {
        slot.release();
      }
    });
  }

  /**
   * The slot's scope starts here: a slot that reaches the job after its wait was cancelled (a grant
   * that crossed the cancel) is given back at once and nothing is started with it; one that an
   * operator between here and the search drops because the job was cancelled meanwhile is given
   * back by the discard hook. From the search on, {@code doFinally} gives it back on every path.
   * Giving a slot back twice is harmless.
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
   * A new search's wait for a slot ends when the run stops admitting paid work: it would only be
   * refused once it had one.
   */
  private Mono<SearchSlots.Slot> unlessPaidWorkStops(Mono<SearchSlots.Slot> slot) {
    return slot.takeUntilOther(credits.stopped())
        .switchIfEmpty(Mono.defer(() -> {
          CreditStopException stop = credits.stop();
          return stop != null ? Mono.error(stop) : Mono.empty();
        }));
  }

  /**
   * Starts the search. "Slots busy" (another process uses the organization's slots) requeues the
   * start with the same search id after a backoff; it never fails the job.
   */
  private Mono<String> start(JobTracker tracker, DeepSearchRequest request) {
    return credits.admit().then(client.startDeepSearch(request))
        .retryWhen(Retry.from(signals -> signals.concatMap(s -> s.failure() instanceof RateLimitedException r && r.slotsBusy()
            ? Mono.delay(busyBackoff.apply(s.totalRetriesInARow()), client.scheduler())
            : Mono.error(s.failure()))))
        .flatMap(task -> tracker.record(new BatchEvent.Started(tracker.id(), task.taskId(), task.searchId()))
            .thenReturn(task.taskId()));
  }
}

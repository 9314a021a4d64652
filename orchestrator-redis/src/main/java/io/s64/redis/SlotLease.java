package io.s64.redis;

import io.s64.error.ApiException;
import io.s64.limits.SearchSlots;
import io.s64.model.SearchStatus;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.retry.Retry;

/**
 * A lease held by this process: the slot of one of its searches, or an adopted one, followed to
 * its search's end. Freeing and recording the task are retried while Redis does not answer; both
 * carry the lease's fencing token, so a lease taken over by another process is never touched.
 */
final class SlotLease implements SearchSlots.Slot {
  private static final Logger log = LoggerFactory.getLogger(SlotLease.class);

  /** What a lease needs of the slots that hold it. */
  interface Owner {
    LeaseStore store();

    Scheduler scheduler();

    String holder();

    /** Whether the slots were closed: retries stop. */
    boolean closed();

    /** The lease is no longer held here (freed or lost). */
    void gone(SlotLease lease);

    /** A lease was freed: a waiter may take it. */
    void freed();
  }

  final String id;
  final long token;
  private final Owner owner;
  private final AtomicBoolean released = new AtomicBoolean();
  private final long grantedAt = System.currentTimeMillis();
  private volatile String task = "";
  private volatile @Nullable Disposable following;

  SlotLease(String id, long token, Owner owner) {
    this.id = id;
    this.token = token;
    this.owner = owner;
  }

  /** The lease as Redis records it, to record it again should Redis have lost it. */
  LeaseStore.Renewal renewal() {
    return new LeaseStore.Renewal(id, token, token + "|" + owner.holder() + "|" + task + "|" + grantedAt);
  }

  boolean released() {
    return released.get();
  }

  @Override
  public void release() {
    if (!released.compareAndSet(false, true)) {
      return;
    }
    owner.gone(this);
    stopFollowing();
    Mono.defer(() -> owner.store().release(id, token))
        .retryWhen(retryUnless(owner::closed))
        .subscribe(freed -> owner.freed(), error -> log.debug("slot lease not freed; it will expire"));
  }

  @Override
  public void running(String taskId) {
    if (released.get() || taskId.contains("|")) {
      return;
    }
    task = taskId;
    Mono.defer(() -> owner.store().running(id, token, taskId))
        .retryWhen(retryUnless(() -> owner.closed() || released.get()))
        .subscribe(ok -> {}, error -> log.debug("task of a slot lease not recorded"));
  }

  /** Retries with backoff while Redis does not answer, until {@code stop} says otherwise. */
  private Retry retryUnless(BooleanSupplier stop) {
    return Retry.from(signals -> signals.concatMap(s -> stop.getAsBoolean()
        ? Mono.error(s.failure())
        : Mono.delay(RedisLink.backoff((int) s.totalRetriesInARow()), owner.scheduler())));
  }

  /** Another process holds this lease now (its token moved on): act for it no more. */
  void lose() {
    released.set(true);
    stopFollowing();
    log.info("a slot lease was taken over by another process; this one no longer acts for it");
  }

  /**
   * An adopted lease: poll its task every {@code every} until it is terminal (or unknown), then
   * free it; a lease without a task is freed {@code startGrace} after it was granted.
   */
  void follow(String adoptedTask, long adoptedGrantedAt, Function<String, Mono<SearchStatus>> poll,
      Duration every, Duration startGrace) {
    this.task = adoptedTask;
    if (adoptedTask.isEmpty()) {
      long wait = Math.max(0, adoptedGrantedAt + startGrace.toMillis() - System.currentTimeMillis());
      following = Mono.delay(Duration.ofMillis(wait), owner.scheduler()).subscribe(t -> release());
      return;
    }
    log.info("adopted the slot of a search whose holder stopped; polling it to its end");
    following = Flux.interval(Duration.ZERO, every, owner.scheduler())
        .onBackpressureDrop()
        .concatMap(t -> poll.apply(adoptedTask)
            .map(SearchStatus::isTerminal)
            .onErrorResume(e -> Mono.just(e instanceof ApiException a && a.status() == 404)), 1)
        .filter(ended -> ended)
        .next()
        .subscribe(ended -> release());
  }

  void stopFollowing() {
    Disposable d = following;
    if (d != null) {
      d.dispose();
    }
  }
}

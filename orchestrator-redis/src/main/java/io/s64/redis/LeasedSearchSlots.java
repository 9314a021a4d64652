package io.s64.redis;

import io.s64.limits.SearchSlots;
import io.s64.model.SearchStatus;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;

/**
 * {@link SearchSlots} shared through Redis: a slot is a <em>lease</em> ({@link LeaseStore}) in a
 * hash of at most {@code capacity} entries, recording its holder, the task it runs and a fencing
 * token.
 *
 * <ul>
 *   <li><b>Heartbeat.</b> Every {@code ttl / 3} the holder extends its leases. A renewal that finds
 *       a lease's token moved on means another process took it over (this one was cut off or
 *       paused too long): the lease is dropped here and nothing more is done for it — not renewed,
 *       not freed.
 *   <li><b>Hand-off.</b> Freeing a lease publishes on the key space's channel; every process with
 *       waiters tries again at once. A slow re-check (once per {@code ttl}) covers a message lost
 *       while the subscription reconnects.
 *   <li><b>Adoption.</b> A lease whose deadline has passed belongs to a dead (or cut-off)
 *       holder. Its search still runs on the server and still takes a real slot, so it is not
 *       freed: a live process takes it over with a new token, polls its task until it is
 *       terminal, and only then frees it ({@link SlotLease#follow}). A lease without a task (its
 *       holder died between the grant and the start) is freed {@code startGrace} after its grant.
 * </ul>
 *
 * <p>Waiters wait here, in this process, in two FIFO queues ({@link #acquireFirst()} first); a
 * drain loop takes a lease for the head waiter whenever one may be free, one attempt at a time.
 * While Redis does not answer, no lease is granted and the loop retries with backoff.
 */
final class LeasedSearchSlots implements SearchSlots, SlotLease.Owner {
  private final LeaseStore store;
  private final int capacity;
  private final String holder;
  private final Duration ttl;
  private final Duration adoptPoll;
  private final Duration startGrace;
  private final Scheduler scheduler;
  private final Map<String, SlotLease> held = new ConcurrentHashMap<>();
  private final ArrayDeque<Waiter> first = new ArrayDeque<>();
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private final AtomicInteger wip = new AtomicInteger();
  private final AtomicLong leases = new AtomicLong();
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicBoolean recheckPlanned = new AtomicBoolean();
  private final Disposable heartbeat;
  private volatile int inUse;
  private volatile @Nullable Function<String, Mono<SearchStatus>> status;
  private volatile long healthySince;
  private volatile boolean closed;

  LeasedSearchSlots(RedisLink link, int capacity, String holder, Duration ttl, Duration adoptPoll,
      Duration startGrace, Scheduler scheduler) {
    this.store = new LeaseStore(link, capacity, holder, ttl);
    this.capacity = capacity;
    this.holder = holder;
    this.ttl = ttl;
    this.adoptPoll = adoptPoll;
    this.startGrace = startGrace;
    this.scheduler = scheduler;
    this.healthySince = now();
    link.subscribe(store.channel(), freedLease -> drain());
    Duration beat = ttl.dividedBy(3);
    this.heartbeat = Flux.interval(beat, beat, scheduler)
        .onBackpressureDrop()
        .concatMap(tick -> renew().then(adopt()).onErrorResume(e -> Mono.empty()), 1)
        .subscribe();
  }

  /** Polls adopted tasks with {@code status} from now on; without it, nothing is adopted. */
  void adoptWith(Function<String, Mono<SearchStatus>> status) {
    this.status = status;
  }

  @Override
  public Mono<Slot> acquire() {
    return acquire(false);
  }

  @Override
  public Mono<Slot> acquireFirst() {
    return acquire(true);
  }

  private Mono<Slot> acquire(boolean ahead) {
    return Mono.create(sink -> {
      Waiter w = new Waiter(sink);
      synchronized (this) {
        (ahead ? first : waiters).add(w);
      }
      sink.onCancel(() -> cancel(w, ahead));
      drain();
    });
  }

  private void cancel(Waiter w, boolean ahead) {
    if (w.state.compareAndSet(Waiter.WAITING, Waiter.CANCELLED)) {
      synchronized (this) {
        (ahead ? first : waiters).remove(w);
      }
    } else if (w.slot != null) {
      w.slot.release();
    }
  }

  private synchronized boolean hasWaiters() {
    return !first.isEmpty() || !waiters.isEmpty();
  }

  /** Takes leases for waiters while Redis grants them; one attempt at a time per process. */
  private void drain() {
    if (wip.getAndIncrement() == 0) {
      loop(1);
    }
  }

  private void loop(int missed) {
    if (closed || !hasWaiters()) {
      exit(missed);
      return;
    }
    String leaseId = holder + "/" + leases.incrementAndGet();
    store.acquire(leaseId).subscribe(granted -> {
      failures.set(0);
      inUse = granted.leases();
      if (granted.token() != 0) {
        handOut(new SlotLease(leaseId, granted.token(), this));
        loop(missed);
      } else {
        planRecheck();
        exit(missed);
      }
    }, error -> {
      wip.set(0);
      scheduler.schedule(this::drain, RedisLink.backoff(failures.getAndIncrement()).toMillis(),
          TimeUnit.MILLISECONDS);
    });
  }

  private void exit(int missed) {
    int left = wip.addAndGet(-missed);
    if (left != 0) {
      loop(left);
    }
  }

  /** Gives a new lease to the first waiter still waiting, or frees it when there is none. */
  private void handOut(SlotLease lease) {
    held.put(lease.id, lease);
    while (true) {
      Waiter next;
      synchronized (this) {
        next = first.isEmpty() ? waiters.poll() : first.poll();
      }
      if (next == null) {
        lease.release();
        return;
      }
      next.slot = lease;
      if (next.state.compareAndSet(Waiter.WAITING, Waiter.GRANTED)) {
        next.sink.success(lease);
        return;
      }
    }
  }

  /** While waiters wait on a full set, look again once per ttl in case a notice was missed. */
  private void planRecheck() {
    if (recheckPlanned.compareAndSet(false, true)) {
      scheduler.schedule(() -> {
        recheckPlanned.set(false);
        drain();
      }, ttl.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Extends the leases held here; drops those another process has taken over. */
  private Mono<Void> renew() {
    List<LeaseStore.Renewal> mine = held.values().stream().map(SlotLease::renewal).toList();
    Mono<Void> renewed = mine.isEmpty()
        ? store.count().doOnNext(n -> inUse = n).then()
        : store.renew(mine).doOnNext(lost -> lost.forEach(id -> {
          SlotLease lease = held.remove(id);
          if (lease != null && !lease.released()) {
            lease.lose();
          }
        })).then();
    return renewed
        .doOnError(e -> healthySince = Long.MAX_VALUE)
        .doOnSuccess(ok -> {
          if (healthySince == Long.MAX_VALUE) {
            healthySince = now();
          }
        });
  }

  /**
   * Takes over leases whose holder stopped renewing. Only a process that has itself been in touch
   * with Redis for a full ttl adopts: after an outage every live holder first gets the time to
   * renew its own.
   */
  private Mono<Void> adopt() {
    Function<String, Mono<SearchStatus>> poll = status;
    if (poll == null || closed || now() - healthySince < ttl.toMillis()) {
      return Mono.empty();
    }
    return store.adopt()
        .doOnNext(adopted -> adopted.forEach(a -> {
          SlotLease lease = new SlotLease(a.id(), a.token(), this);
          held.put(a.id(), lease);
          lease.follow(a.task(), a.grantedAt(), poll, adoptPoll, startGrace);
        }))
        .then();
  }

  private long now() {
    return scheduler.now(TimeUnit.MILLISECONDS);
  }

  @Override
  public int capacity() {
    return capacity;
  }

  @Override
  public int inUse() {
    return inUse;
  }

  @Override
  public synchronized int waiting() {
    return first.size() + waiters.size();
  }

  /** Every lease in Redis, whoever holds it. */
  Mono<List<CoordinationStatus.Lease>> leases() {
    return store.all();
  }

  /** Leases this process holds right now, its own and adopted ones. */
  int held() {
    return held.size();
  }

  /** Stops the heartbeat; leases still held expire and are adopted by the other processes. */
  void close() {
    closed = true;
    heartbeat.dispose();
    held.values().forEach(SlotLease::stopFollowing);
  }

  @Override
  public LeaseStore store() {
    return store;
  }

  @Override
  public Scheduler scheduler() {
    return scheduler;
  }

  @Override
  public String holder() {
    return holder;
  }

  @Override
  public boolean closed() {
    return closed;
  }

  @Override
  public void gone(SlotLease lease) {
    held.remove(lease.id, lease);
  }

  @Override
  public void freed() {
    drain();
  }

  @Override
  public String toString() {
    return "SearchSlots[redis, " + inUse + "/" + capacity + " in use, " + waiting() + " waiting here]";
  }

  private static final class Waiter {
    static final int WAITING = 0;
    static final int GRANTED = 1;
    static final int CANCELLED = 2;

    final MonoSink<Slot> sink;
    final AtomicInteger state = new AtomicInteger(WAITING);
    volatile @Nullable SlotLease slot;

    Waiter(MonoSink<Slot> sink) {
      this.sink = sink;
    }
  }
}

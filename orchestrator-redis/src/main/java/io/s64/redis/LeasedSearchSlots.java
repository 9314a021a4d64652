package io.s64.redis;

import io.lettuce.core.ScriptOutputType;
import io.s64.error.ApiException;
import io.s64.limits.SearchSlots;
import io.s64.model.SearchStatus;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;
import reactor.util.retry.Retry;

/**
 * {@link SearchSlots} shared through Redis: a slot is a <em>lease</em> in a hash of at most
 * {@code capacity} entries, recording its holder, the task it runs and a fencing token.
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
 *       terminal, and only then frees it. A lease without a task (its holder died between the
 *       grant and the start) is freed {@code startGrace} after it was granted.
 * </ul>
 *
 * <p>Waiters wait here, in this process, in two FIFO queues ({@link #acquireFirst()} first); a
 * drain loop takes a lease for the head waiter whenever one may be free. While Redis does not
 * answer, no lease is granted and the loop retries with backoff.
 */
final class LeasedSearchSlots implements SearchSlots {
  private static final Logger log = LoggerFactory.getLogger(LeasedSearchSlots.class);

  private final RedisLink link;
  private final List<String> keys;
  private final String channel;
  private final int capacity;
  private final String holder;
  private final Duration ttl;
  private final Duration adoptPoll;
  private final Duration startGrace;
  private final Scheduler scheduler;
  private final Map<String, Lease> held = new ConcurrentHashMap<>();
  private final ArrayDeque<Waiter> first = new ArrayDeque<>();
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private final AtomicInteger wip = new AtomicInteger();
  private final AtomicLong leases = new AtomicLong();
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicBoolean recheckPlanned = new AtomicBoolean();
  private volatile int inUse;
  private volatile @Nullable Function<String, Mono<SearchStatus>> status;
  private volatile long healthySince;
  private volatile boolean closed;
  private final Disposable heartbeat;

  LeasedSearchSlots(RedisLink link, int capacity, String holder, Duration ttl, Duration adoptPoll,
      Duration startGrace, Scheduler scheduler) {
    this.link = link;
    KeySpace ks = link.keys();
    this.keys = List.of(ks.key("slots:leases"), ks.key("slots:deadlines"), ks.key("slots:fence"));
    this.channel = ks.key("slots:freed");
    this.capacity = capacity;
    this.holder = holder;
    this.ttl = ttl;
    this.adoptPoll = adoptPoll;
    this.startGrace = startGrace;
    this.scheduler = scheduler;
    this.healthySince = now();
    link.subscribe(channel, freed -> drain());
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
  void drain() {
    if (wip.getAndIncrement() == 0) {
      loop(1);
    }
  }

  private void loop(int missed) {
    if (closed || !hasWaiters()) {
      int left = wip.addAndGet(-missed);
      if (left != 0) {
        loop(left);
      }
      return;
    }
    String leaseId = holder + "/" + leases.incrementAndGet();
    link.<List<Object>>eval(LeaseScripts.ACQUIRE, ScriptOutputType.MULTI, keys,
            Integer.toString(capacity), leaseId, holder, Long.toString(ttl.toMillis()))
        .subscribe(reply -> {
          failures.set(0);
          long token = (Long) reply.get(0);
          inUse = ((Long) reply.get(1)).intValue();
          if (token != 0) {
            handOut(new Lease(leaseId, token, false));
            loop(missed);
          } else {
            planRecheck();
            int left = wip.addAndGet(-missed);
            if (left != 0) {
              loop(left);
            }
          }
        }, error -> {
          wip.set(0);
          scheduler.schedule(this::drain, RedisLink.backoff(failures.getAndIncrement()).toMillis(),
              TimeUnit.MILLISECONDS);
        });
  }

  /** Gives a new lease to the first waiter still waiting, or frees it when there is none. */
  private void handOut(Lease lease) {
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
    List<Lease> mine = new ArrayList<>(held.values());
    if (mine.isEmpty()) {
      return link.<Long>eval("return redis.call('HLEN', KEYS[1])", ScriptOutputType.INTEGER,
              keys.subList(0, 1))
          .doOnNext(n -> inUse = n.intValue())
          .doOnError(e -> healthySince = Long.MAX_VALUE)
          .doOnSuccess(n -> healthy())
          .then();
    }
    List<String> args = new ArrayList<>();
    args.add(Long.toString(ttl.toMillis()));
    for (Lease lease : mine) {
      args.add(lease.id);
      args.add(Long.toString(lease.token));
      args.add(lease.record());
    }
    return link.<List<Object>>eval(LeaseScripts.RENEW, ScriptOutputType.MULTI, keys,
            args.toArray(String[]::new))
        .doOnError(e -> healthySince = Long.MAX_VALUE)
        .doOnNext(lost -> {
          healthy();
          for (Object id : lost) {
            Lease lease = held.remove((String) id);
            if (lease != null && !lease.released.get()) {
              lease.lose();
            }
          }
        })
        .then();
  }

  private void healthy() {
    if (healthySince == Long.MAX_VALUE) {
      healthySince = now();
    }
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
    return link.<List<Object>>eval(LeaseScripts.ADOPT, ScriptOutputType.MULTI, keys,
            holder, Long.toString(ttl.toMillis()), Integer.toString(capacity))
        .doOnNext(reply -> {
          for (int i = 0; i + 3 < reply.size(); i += 4) {
            String id = (String) reply.get(i);
            long token = Long.parseLong((String) reply.get(i + 1));
            String task = (String) reply.get(i + 2);
            long grantedAt = Long.parseLong((String) reply.get(i + 3));
            Lease lease = new Lease(id, token, true);
            held.put(id, lease);
            lease.follow(task, grantedAt, poll);
          }
        })
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
    return link.<List<Object>>eval(""
            + "local out = {}\n"
            + "local all = redis.call('HGETALL', KEYS[1])\n"
            + "for i = 1, #all, 2 do\n"
            + "  table.insert(out, all[i + 1])\n"
            + "  table.insert(out, redis.call('ZSCORE', KEYS[2], all[i]) or '0')\n"
            + "end\n"
            + "return out\n", ScriptOutputType.MULTI, keys)
        .map(reply -> {
          List<CoordinationStatus.Lease> out = new ArrayList<>();
          for (int i = 0; i + 1 < reply.size(); i += 2) {
            String[] parts = ((String) reply.get(i)).split("\\|", -1);
            long deadline = (long) Double.parseDouble((String) reply.get(i + 1));
            out.add(new CoordinationStatus.Lease(parts[1], parts[2].isEmpty() ? null : parts[2],
                Long.parseLong(parts[0]), java.time.Instant.ofEpochMilli(deadline)));
          }
          return out;
        });
  }

  /** Leases this process holds right now, its own and adopted ones. */
  int held() {
    return held.size();
  }

  /** Stops the heartbeat; leases still held expire and are adopted by the other processes. */
  void close() {
    closed = true;
    heartbeat.dispose();
    held.values().forEach(Lease::stopFollowing);
  }

  @Override
  public String toString() {
    return "SearchSlots[redis, " + inUse + "/" + capacity + " in use, " + waiting() + " waiting here]";
  }

  /** A lease held by this process: a slot, or an adopted one followed to its search's end. */
  final class Lease implements Slot {
    final String id;
    final long token;
    final boolean adopted;
    final AtomicBoolean released = new AtomicBoolean();
    private final long grantedAt = System.currentTimeMillis();
    private volatile String task = "";
    private volatile @Nullable Disposable following;

    Lease(String id, long token, boolean adopted) {
      this.id = id;
      this.token = token;
      this.adopted = adopted;
    }

    /** The lease as Redis records it, to record it again should Redis have lost it. */
    String record() {
      return token + "|" + holder + "|" + task + "|" + grantedAt;
    }

    @Override
    public void release() {
      if (!released.compareAndSet(false, true)) {
        return;
      }
      held.remove(id);
      stopFollowing();
      Mono.defer(() -> link.<Long>eval(LeaseScripts.RELEASE, ScriptOutputType.INTEGER, keys,
              id, Long.toString(token), channel))
          .retryWhen(Retry.from(signals -> signals.concatMap(s -> closed
              ? Mono.error(s.failure())
              : Mono.delay(RedisLink.backoff((int) s.totalRetriesInARow()), scheduler))))
          .subscribe(freed -> drain(), error -> log.debug("slot lease not freed; it will expire"));
    }

    @Override
    public void running(String taskId) {
      if (released.get() || taskId.contains("|")) {
        return;
      }
      task = taskId;
      Mono.defer(() -> link.<Long>eval(LeaseScripts.RUNNING, ScriptOutputType.INTEGER, keys,
              id, Long.toString(token), taskId))
          .retryWhen(Retry.from(signals -> signals.concatMap(s -> closed || released.get()
              ? Mono.error(s.failure())
              : Mono.delay(RedisLink.backoff((int) s.totalRetriesInARow()), scheduler))))
          .subscribe(ok -> {}, error -> log.debug("task of a slot lease not recorded"));
    }

    /** Another process holds this lease now (its token moved on): act for it no more. */
    void lose() {
      released.set(true);
      stopFollowing();
      log.info("a slot lease was taken over by another process; this one no longer acts for it");
    }

    /** An adopted lease: poll its task until terminal, then free it. */
    void follow(String task, long grantedAt, Function<String, Mono<SearchStatus>> poll) {
      this.task = task;
      if (task.isEmpty()) {
        long wait = Math.max(0, grantedAt + startGrace.toMillis() - System.currentTimeMillis());
        following = Mono.delay(Duration.ofMillis(wait), scheduler).subscribe(t -> release());
        return;
      }
      log.info("adopted the slot of a search whose holder stopped; polling it to its end");
      following = Flux.interval(Duration.ZERO, adoptPoll, scheduler)
          .onBackpressureDrop()
          .concatMap(t -> poll.apply(task)
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

  private static final class Waiter {
    static final int WAITING = 0;
    static final int GRANTED = 1;
    static final int CANCELLED = 2;

    final MonoSink<Slot> sink;
    final AtomicInteger state = new AtomicInteger(WAITING);
    volatile @Nullable Lease slot;

    Waiter(MonoSink<Slot> sink) {
      this.sink = sink;
    }
  }
}

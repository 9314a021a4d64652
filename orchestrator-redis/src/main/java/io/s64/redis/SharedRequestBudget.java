package io.s64.redis;

import io.s64.limits.RequestBudget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;

/**
 * A {@link RequestBudget} shared through Redis by every process on one API key. A request may go
 * when all of these allow it:
 *
 * <ol>
 *   <li>The Bucket4j bucket in Redis ({@code limit} tokens refilled greedily over {@code window}),
 *       with one rule for lanes across processes: {@link Lane#CONTINUATION} and {@link Lane#BULK}
 *       work never takes the last {@code reserve} tokens. They are kept for {@link Lane#SLOT} work
 *       (starts and polls of searches holding a slot) of any process, so one process's bulk paging
 *       cannot starve another's slot polls.
 *   <li>The shared pause: after a 429 (window spent) in any process, nothing is sent by any
 *       process before {@code Retry-After} or the reset; the pause is published so that {@link
 *       #paused()} turns true everywhere at once.
 *   <li>The shared mirror of the server's window ({@code X-RateLimit-Remaining} and {@code
 *       -Reset}): each grant counts against what the server last said remains.
 *   <li>In this process: lanes in order, at most {@code maxInFlight} on the wire, and only one
 *       request until the first response has been seen.
 * </ol>
 *
 * <p>A process grants one request at a time (two round trips to Redis, well under a millisecond
 * on a local network). When Redis does not answer, nothing is granted: waiters stay queued and
 * the loop retries with backoff.
 */
final class SharedRequestBudget implements RequestBudget {
  private static final Logger log = LoggerFactory.getLogger(SharedRequestBudget.class);

  private final RedisLink link;
  private final BudgetStore store;
  private final long limit;
  private final Duration window;
  private final int maxInFlight;
  private final long reserve;
  private final Scheduler scheduler;
  private final ArrayDeque<Waiter> slotWaiters = new ArrayDeque<>();
  private final ArrayDeque<Waiter> continuationWaiters = new ArrayDeque<>();
  private final ArrayDeque<Waiter> bulkWaiters = new ArrayDeque<>();
  private final AtomicInteger wip = new AtomicInteger();

  // Guarded by this.
  private int failures;
  private int inFlight;
  private boolean probing = true;
  private long pausedUntil;
  private long wakeupAt;
  private long lastRemaining = -1;
  private @Nullable Long serverRemaining;
  private @Nullable Instant serverResetAt;
  private long granted;
  private long rateLimited;
  private long slotsBusy;

  SharedRequestBudget(RedisLink link, int limit, Duration window, int maxInFlight, int reserve,
      Scheduler scheduler) {
    this.link = link;
    this.store = new BudgetStore(link, limit, window);
    this.limit = limit;
    this.window = window;
    this.maxInFlight = maxInFlight;
    this.reserve = reserve;
    this.scheduler = scheduler;
    link.subscribe(store.channel(), until -> {
      synchronized (this) {
        pausedUntil = Math.max(pausedUntil, Long.parseLong(until));
      }
    });
  }

  @Override
  public Mono<Ticket> acquire(Lane lane) {
    return Mono.create(sink -> {
      Waiter waiter = new Waiter(sink);
      synchronized (this) {
        queue(lane).add(waiter);
      }
      sink.onCancel(() -> cancel(waiter, lane));
      drain();
    });
  }

  private ArrayDeque<Waiter> queue(Lane lane) {
    switch (lane) {
      case SLOT:
        return slotWaiters;
      case CONTINUATION:
        return continuationWaiters;
      default:
        return bulkWaiters;
    }
  }

  private void cancel(Waiter waiter, Lane lane) {
    if (waiter.state.compareAndSet(Waiter.WAITING, Waiter.CANCELLED)) {
      synchronized (this) {
        queue(lane).remove(waiter);
      }
    } else if (waiter.ticket != null) {
      waiter.ticket.giveBack();
    }
  }

  /** The lane of the first waiter in lane order, or null when nobody waits or none may go yet. */
  private synchronized @Nullable Lane nextLane() {
    if (probing && inFlight > 0 || inFlight >= maxInFlight) {
      return null;
    }
    if (!slotWaiters.isEmpty()) {
      return Lane.SLOT;
    }
    if (!continuationWaiters.isEmpty()) {
      return Lane.CONTINUATION;
    }
    return bulkWaiters.isEmpty() ? null : Lane.BULK;
  }

  private void drain() {
    if (wip.getAndIncrement() == 0) {
      loop(1);
    }
  }

  private void exit(int missed) {
    int left = wip.addAndGet(-missed);
    if (left != 0) {
      loop(left);
    }
  }

  /** One grant: a token from the bucket, then the shared pause and window; then the next. */
  private void loop(int missed) {
    Lane lane = nextLane();
    if (lane == null) {
      exit(missed);
      return;
    }
    store.take()
        .flatMap(token -> take(lane, token))
        .subscribe(wait -> {
          synchronized (this) {
            failures = 0;
          }
          link.reachable();
          if (wait == 0) {
            loop(missed);
          } else {
            wakeAfter(wait);
            exit(missed);
          }
        }, error -> {
          link.unreachable(error);
          int attempt;
          synchronized (this) {
            attempt = failures++;
          }
          wip.set(0);
          wakeAfter(RedisLink.backoff(attempt).toMillis());
        });
  }

  /** 0 when a request was granted; else how long to wait, in millis (the token given back). */
  private Mono<Long> take(Lane lane, BudgetStore.Token token) {
    if (!token.taken()) {
      return Mono.just(token.waitMillis());
    }
    synchronized (this) {
      lastRemaining = token.remaining();
    }
    if (lane != Lane.SLOT && token.remaining() < reserve) {
      long perToken = Math.max(1, window.toMillis() / limit);
      return store.giveBack().thenReturn((reserve - token.remaining()) * perToken);
    }
    String grantId = store.newGrantId();
    return store.admit(grantId).flatMap(admission -> {
      if (admission.waitMillis() > 0) {
        synchronized (this) {
          pausedUntil = Math.max(pausedUntil, admission.pausedUntil());
        }
        return store.giveBack().thenReturn(admission.waitMillis());
      }
      return grant(grantId) ? Mono.just(0L)
          : store.giveBack().then(store.forget(grantId)).thenReturn(0L);
    });
  }

  /** Hands the granted request to the first waiter in lane order; false when nobody waits. */
  private boolean grant(String grantId) {
    while (true) {
      Waiter w;
      synchronized (this) {
        w = !slotWaiters.isEmpty() ? slotWaiters.poll()
            : !continuationWaiters.isEmpty() ? continuationWaiters.poll() : bulkWaiters.poll();
        if (w == null) {
          return false;
        }
        w.ticket = new SharedTicket(grantId);
        if (!w.state.compareAndSet(Waiter.WAITING, Waiter.GRANTED)) {
          continue;
        }
        inFlight++;
        granted++;
      }
      w.sink.success(w.ticket);
      return true;
    }
  }

  private void wakeAfter(long millis) {
    long at = now() + millis;
    synchronized (this) {
      if (wakeupAt != 0 && wakeupAt <= at && wakeupAt > now()) {
        return;
      }
      wakeupAt = at;
    }
    scheduler.schedule(() -> {
      synchronized (this) {
        if (wakeupAt == at) {
          wakeupAt = 0;
        }
      }
      drain();
    }, millis, TimeUnit.MILLISECONDS);
  }

  private long now() {
    return scheduler.now(TimeUnit.MILLISECONDS);
  }

  /** Takes in a response: local counts at once, the shared mirror and pause through Redis. */
  private void onResponse(String grantId, int status, ServerLimits limits, boolean busy) {
    long pause = 0;
    synchronized (this) {
      inFlight--;
      probing = false;
      long now = now();
      serverRemaining = limits.remaining();
      serverResetAt = limits.resetAt();
      if (limits.remaining() != null && limits.remaining() <= 0 && limits.resetAt() == null) {
        pause = now + window.toMillis();
      }
      if (status == 429) {
        if (busy) {
          slotsBusy++;
        } else {
          rateLimited++;
          Instant until = limits.retryAfter() != null ? limits.retryAfter() : limits.resetAt();
          long untilMillis = until != null ? epochMillis(until) : now + window.toMillis();
          if (untilMillis <= now) {
            untilMillis = now + Math.min(window.toMillis(), 1000);
          }
          pause = Math.max(pause, untilMillis);
        }
      }
      if (pause > pausedUntil) {
        pausedUntil = pause;
        log.debug("request budget paused until {} (shared)", Instant.ofEpochMilli(pause));
      }
    }
    Long reset = limits.resetAt() == null ? null : epochMillis(limits.resetAt());
    store.report(grantId, limits.limit(), limits.remaining(), reset, pause)
        .subscribe(ok -> {}, error -> log.debug("a response's rate headers did not reach Redis"));
  }

  private static long epochMillis(Instant at) {
    if (at.getEpochSecond() >= Long.MAX_VALUE / 1000) {
      return Long.MAX_VALUE / 2;
    }
    if (at.getEpochSecond() <= 0) {
      return 0;
    }
    return at.toEpochMilli();
  }

  /** What Redis holds for the budget. */
  Mono<BudgetStore.Snapshot> snapshot() {
    return store.snapshot();
  }

  @Override
  public synchronized boolean paused() {
    return now() < pausedUntil;
  }

  @Override
  public synchronized State state() {
    long now = now();
    boolean isPaused = now < pausedUntil;
    long available = isPaused ? 0 : Math.max(0, lastRemaining < 0 ? limit : lastRemaining);
    if (serverRemaining != null) {
      available = Math.min(available, serverRemaining);
    }
    return new State(limit, window, available, serverRemaining, serverResetAt,
        isPaused ? Instant.ofEpochMilli(pausedUntil) : null, inFlight, slotWaiters.size(),
        continuationWaiters.size(), bulkWaiters.size(), granted, rateLimited, slotsBusy);
  }

  @Override
  public String toString() {
    return "RequestBudget[redis, " + limit + " per " + window + "]";
  }

  private static final class Waiter {
    static final int WAITING = 0;
    static final int GRANTED = 1;
    static final int CANCELLED = 2;

    final MonoSink<Ticket> sink;
    final AtomicInteger state = new AtomicInteger(WAITING);
    volatile @Nullable SharedTicket ticket;

    Waiter(MonoSink<Ticket> sink) {
      this.sink = sink;
    }
  }

  /** Reports back exactly once; a ticket never used gives its token back. */
  private final class SharedTicket implements Ticket {
    private final AtomicBoolean done = new AtomicBoolean();
    private final String grantId;

    SharedTicket(String grantId) {
      this.grantId = grantId;
    }

    @Override
    public void onResponse(int status, ServerLimits limits, boolean busy) {
      if (done.compareAndSet(false, true)) {
        try {
          SharedRequestBudget.this.onResponse(grantId, status, limits, busy);
        } finally {
          drain();
        }
      }
    }

    @Override
    public void onNoResponse() {
      if (done.compareAndSet(false, true)) {
        synchronized (SharedRequestBudget.this) {
          inFlight--;
        }
        store.forget(grantId).subscribe(ok -> {}, e -> {});
        drain();
      }
    }

    void giveBack() {
      if (done.compareAndSet(false, true)) {
        synchronized (SharedRequestBudget.this) {
          inFlight--;
          granted--;
        }
        store.giveBack().then(store.forget(grantId))
            .subscribe(ok -> {}, e -> {}, SharedRequestBudget.this::drain);
      }
    }
  }
}

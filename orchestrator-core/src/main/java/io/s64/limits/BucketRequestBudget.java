package io.s64.limits;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.s64.error.ConfigurationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
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
 * The local {@link RequestBudget}: two constraints, both must allow a request.
 *
 * <ol>
 *   <li>A Bucket4j bucket of {@code limit} tokens refilled greedily over {@code window}: the rate
 *       the user configured, and the only constraint while the server sends no rate headers.
 *   <li>A mirror of the server's current window, from {@code X-RateLimit-Remaining} and {@code
 *       X-RateLimit-Reset}: after each response, what the window still allows minus the requests
 *       in flight (they will count against it too). When it reaches zero the key waits for the
 *       announced reset; when the reset passes, the mirror starts over at {@code X-RateLimit-Limit}
 *       minus the requests in flight.
 * </ol>
 *
 * <p>After a rate 429 nothing is granted before {@code Retry-After} (when present) or the reset.
 * Until the first response arrives only one request is in flight, so a window that another
 * process already spent is discovered by one request, not by a burst of 429s.
 *
 * <p>Optionally at most {@code maxInFlight} requests are on the wire at once, so that the
 * connection pool never holds a queue of its own behind this one.
 *
 * <p>Waiters sit in three FIFO queues; a drain loop (one thread at a time, lock held only to update
 * state) grants them in lane order ({@link Lane#SLOT}, {@link Lane#CONTINUATION}, {@link
 * Lane#BULK}) and schedules one timer for the next moment a grant becomes possible. Tickets are
 * handed out outside the lock.
 */
final class BucketRequestBudget implements RequestBudget {
  private static final Logger log = LoggerFactory.getLogger(BucketRequestBudget.class);

  private final long limit;
  private final int maxInFlight;
  private final Duration window;
  private final Scheduler scheduler;
  private final Bucket bucket;
  private final ArrayDeque<Waiter> slotWaiters = new ArrayDeque<>();
  private final ArrayDeque<Waiter> continuationWaiters = new ArrayDeque<>();
  private final ArrayDeque<Waiter> bulkWaiters = new ArrayDeque<>();
  private final AtomicInteger wip = new AtomicInteger();

  // Guarded by this (pausedUntil is also read without the lock, by paused()). Times are epoch
  // millis on the scheduler's clock; 0 means none or unknown.
  private volatile long pausedUntil;
  private long serverWindowEnd;
  private long serverAllowance = -1;
  private long serverLimit = -1;
  private boolean probing = true;
  private int inFlight;
  private long granted;
  private long rateLimited;
  private long slotsBusy;
  private long wakeupAt;

  BucketRequestBudget(int limit, Duration window, int maxInFlight, Scheduler scheduler) {
    if (limit < 1) {
      throw new ConfigurationException("rate limit must be at least 1 but was " + limit);
    }
    if (maxInFlight < 1) {
      throw new ConfigurationException("maxInFlight must be at least 1 but was " + maxInFlight);
    }
    this.maxInFlight = maxInFlight;
    if (window.isNegative() || window.isZero()) {
      throw new ConfigurationException("rate window must be positive but was " + window);
    }
    this.limit = limit;
    this.window = window;
    this.scheduler = scheduler;
    TimeMeter clock = new TimeMeter() {
      @Override
      public long currentTimeNanos() {
        return scheduler.now(TimeUnit.NANOSECONDS);
      }

      @Override
      public boolean isWallClockBased() {
        return true;
      }
    };
    this.bucket = Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(limit).refillGreedy(limit, window).build())
        .withCustomTimePrecision(clock)
        .build();
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

  /** The first waiter in lane order: SLOT, then CONTINUATION, then BULK. */
  private Waiter nextWaiter() {
    if (!slotWaiters.isEmpty()) {
      return slotWaiters.poll();
    }
    return continuationWaiters.isEmpty() ? bulkWaiters.poll() : continuationWaiters.poll();
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

  private long now() {
    return scheduler.now(TimeUnit.MILLISECONDS);
  }

  /** Grants every waiter that may go now; arranges a wake-up for the first that may not. */
  private void drain() {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      List<Waiter> grants = grantable();
      for (Waiter w : grants) {
        w.sink.success(w.ticket);
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }

  private synchronized List<Waiter> grantable() {
    List<Waiter> grants = new ArrayList<>(0);
    long now = now();
    rollServerWindow(now);
    while (!slotWaiters.isEmpty() || !continuationWaiters.isEmpty() || !bulkWaiters.isEmpty()) {
      long blockedUntil = blockedUntil(now);
      if (blockedUntil != 0) {
        if (blockedUntil > 0) {
          wakeAt(blockedUntil, now);
        }
        break;
      }
      if (!bucket.tryConsume(1)) {
        long nanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
        wakeAt(now + Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999)), now);
        break;
      }
      Waiter w = nextWaiter();
      BudgetTicket ticket = new BudgetTicket();
      w.ticket = ticket;
      if (w.state.compareAndSet(Waiter.WAITING, Waiter.GRANTED)) {
        if (serverAllowance > 0) {
          serverAllowance--;
        }
        inFlight++;
        granted++;
        grants.add(w);
      } else {
        bucket.addTokens(1);
      }
    }
    return grants;
  }

  /**
   * 0 when a request may go now; a positive time to wake up at; -1 to wait for a response that
   * is already on its way.
   */
  private long blockedUntil(long now) {
    if (now < pausedUntil) {
      return pausedUntil;
    }
    if (probing && inFlight > 0 || inFlight >= maxInFlight) {
      return -1;
    }
    if (serverAllowance == 0) {
      if (serverWindowEnd != 0) {
        return serverWindowEnd;
      }
      if (inFlight > 0) {
        return -1;
      }
      serverAllowance = -1;
    }
    return 0;
  }

  private void rollServerWindow(long now) {
    if (serverWindowEnd != 0 && now >= serverWindowEnd) {
      serverWindowEnd = 0;
      serverAllowance = serverLimit > 0 ? Math.max(0, serverLimit - inFlight) : -1;
    }
  }

  private void wakeAt(long at, long now) {
    if (wakeupAt != 0 && wakeupAt <= at) {
      return;
    }
    wakeupAt = at;
    scheduler.schedule(() -> {
      synchronized (this) {
        if (wakeupAt == at) {
          wakeupAt = 0;
        }
      }
      drain();
    }, Math.max(0, at - now), TimeUnit.MILLISECONDS);
  }

  private synchronized void onResponse(int status, ServerLimits limits, boolean busy) {
    inFlight--;
    probing = false;
    long now = now();
    if (limits.limit() != null && limits.limit() > 0) {
      serverLimit = limits.limit();
    }
    long reset = limits.resetAt() == null ? 0 : epochMillis(limits.resetAt());
    Long remaining = limits.remaining() != null && limits.remaining() >= 0 ? limits.remaining() : null;
    if (remaining != null && reset > now) {
      long allowance = Math.max(0, remaining - inFlight);
      if (reset > serverWindowEnd) {
        serverWindowEnd = reset;
        serverAllowance = allowance;
      } else if (reset == serverWindowEnd) {
        serverAllowance = serverAllowance < 0 ? allowance : Math.min(serverAllowance, allowance);
      }
    } else if (remaining != null && remaining <= 0 && limits.resetAt() == null) {
      pauseUntil(now + window.toMillis(), "X-RateLimit-Remaining is 0 without a reset");
    }
    // (A reset already past is an answer from a window that is over, ignored above: its Remaining
    // says nothing of the window now; the last request of a window, answered late, says 0.)
    if (status == 429) {
      if (busy) {
        slotsBusy++;
      } else {
        rateLimited++;
        pauseAfter429(limits, now);
      }
    }
  }

  @Override
  public void pauseFor(ServerLimits limits) {
    synchronized (this) {
      pauseAfter429(limits, now());
    }
  }

  private void pauseAfter429(ServerLimits limits, long now) {
    Instant until = limits.retryAfter() != null ? limits.retryAfter() : limits.resetAt();
    long untilMillis = until != null ? epochMillis(until) : now + window.toMillis();
    if (untilMillis <= now) {
      // A reset already past: a 429 from the window before, or a server clock behind ours.
      // Going again at once could only meet another 429; a moment's pause costs little.
      untilMillis = now + Math.min(window.toMillis(), 1000);
    }
    pauseUntil(untilMillis, "HTTP 429");
  }

  /**
   * An instant as epoch millis, saturated rather than overflowing: {@link ServerLimits} may hold
   * any instant, and one past the range of a long in millis must not throw here, in the middle of
   * ending a ticket. (The client's own reports are range-checked when the headers are read.)
   */
  private static long epochMillis(Instant at) {
    if (at.getEpochSecond() >= Long.MAX_VALUE / 1000) {
      return Long.MAX_VALUE;
    }
    if (at.getEpochSecond() <= Long.MIN_VALUE / 1000) {
      return Long.MIN_VALUE;
    }
    return at.toEpochMilli();
  }

  private void pauseUntil(long until, String why) {
    if (until > pausedUntil) {
      pausedUntil = until;
      log.debug("request budget paused until {} ({})", Instant.ofEpochMilli(until), why);
    }
  }

  /** A volatile read, without the lock: asked at the wire, on I/O threads, for every request. */
  @Override
  public boolean paused() {
    return now() < pausedUntil;
  }

  @Override
  public synchronized State state() {
    long now = now();
    long tokens = bucket.getAvailableTokens();
    boolean windowKnown = serverAllowance >= 0 && (serverWindowEnd == 0 || now < serverWindowEnd);
    long available = windowKnown ? Math.min(tokens, serverAllowance) : tokens;
    if (now < pausedUntil) {
      available = 0;
    }
    return new State(
        limit,
        window,
        Math.max(0, available),
        windowKnown ? serverAllowance : null,
        serverWindowEnd == 0 ? null : Instant.ofEpochMilli(serverWindowEnd),
        now < pausedUntil ? Instant.ofEpochMilli(pausedUntil) : null,
        inFlight,
        slotWaiters.size(),
        continuationWaiters.size(),
        bulkWaiters.size(),
        granted,
        rateLimited,
        slotsBusy);
  }

  @Override
  public String toString() {
    return "RequestBudget[" + limit + " per " + window + "]";
  }

  private static final class Waiter {
    static final int WAITING = 0;
    static final int GRANTED = 1;
    static final int CANCELLED = 2;

    final MonoSink<Ticket> sink;
    final AtomicInteger state = new AtomicInteger(WAITING);
    volatile @Nullable BudgetTicket ticket;

    Waiter(MonoSink<Ticket> sink) {
      this.sink = sink;
    }
  }

  /** Reports back exactly once; a ticket never used gives its token back. */
  private final class BudgetTicket implements Ticket {
    private final AtomicBoolean done = new AtomicBoolean();

    @Override
    public void onResponse(int status, ServerLimits limits, boolean busy) {
      if (done.compareAndSet(false, true)) {
        try {
          BucketRequestBudget.this.onResponse(status, limits, busy);
        } finally {
          drain();
        }
      }
    }

    @Override
    public void onNoResponse() {
      if (done.compareAndSet(false, true)) {
        synchronized (BucketRequestBudget.this) {
          inFlight--;
        }
        drain();
      }
    }

    /** The waiter was cancelled between the grant and the hand-over: nothing was sent. */
    void giveBack() {
      if (done.compareAndSet(false, true)) {
        synchronized (BucketRequestBudget.this) {
          inFlight--;
          granted--;
          bucket.addTokens(1);
          if (serverAllowance >= 0) {
            serverAllowance++;
          }
        }
        drain();
      }
    }
  }
}

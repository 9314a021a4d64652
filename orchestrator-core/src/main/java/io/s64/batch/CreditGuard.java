package io.s64.batch;

import io.s64.Sixtyfour;
import io.s64.job.Outcome;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Whether a run may start more paid work (a deep search, an export, an enrichment job). One per
 * run; a flow asks {@link #admit()} right before a start. It stops for good when the API answers a
 * start with 402 (every later start would be refused too) or, with a limit, once the credits spent
 * since the run began reach it. Work already started is never stopped: searches in flight are
 * polled and read to the end.
 *
 * <p>The spending is the balance's fall ({@code GET /check-balance}, through the budget): read at
 * the run's first paid start and then again when the last reading is older than the check
 * interval, when the starts admitted since it have doubled, or when they, at the run's mean cost
 * so far, would reach the limit. So a run costs a handful of balance requests (about log2 of its
 * paid starts plus one per interval), and near its limit each start is checked. Starts in flight when the limit is reached still complete, so a run can pass its
 * limit by what those cost.
 */
final class CreditGuard {
  private final Sixtyfour client;
  private final @Nullable BigDecimal limit;
  private final Duration every;
  private final Latch stopped = new Latch();
  private final AtomicReference<@Nullable Mono<Reading>> refreshing = new AtomicReference<>();
  private volatile @Nullable CreditStopException stop;
  private volatile @Nullable BigDecimal initial;
  private volatile @Nullable Reading last;
  private long admitted;

  /** A balance read, and how many starts had been admitted when it was asked for. */
  private record Reading(BigDecimal balance, long admittedBefore, long atMillis) {}

  /**
   * @param limit the most credits the run may spend, or null for no limit (then only a 402 stops)
   * @param every the longest time between two readings of the balance
   */
  CreditGuard(Sixtyfour client, @Nullable BigDecimal limit, Duration every) {
    this.client = client;
    this.limit = limit;
    this.every = every;
  }

  /** Completes when paid work may start; errors with a {@link CreditStopException} when not. */
  Mono<Void> admit() {
    return Mono.defer(() -> {
      CreditStopException s = stop;
      if (s != null) {
        return Mono.error(s);
      }
      if (limit == null) {
        return Mono.empty();
      }
      Reading r = last;
      Mono<Reading> reading = r != null && !stale(r) ? Mono.just(r) : refresh();
      return reading.flatMap(this::decide);
    });
  }

  /** Completes when the run stops admitting paid work (never, if it does not). */
  Mono<Void> stopped() {
    return stopped.await();
  }

  /** The error of the stop, or null while paid work is admitted. */
  @Nullable CreditStopException stop() {
    return stop;
  }

  /** The API answered a start with 402: nothing paid may start any more in this run. */
  void insufficient(String detail) {
    stop(new CreditStopException(Outcome.Failure.Reason.INSUFFICIENT_CREDITS, 402,
        "not started: the API refused a start for insufficient credits (" + detail + ")"));
  }

  private void stop(CreditStopException e) {
    if (stop == null) {
      synchronized (this) {
        if (stop == null) {
          stop = e;
          stopped.open();
        }
      }
    }
  }

  private Mono<Void> decide(Reading reading) {
    CreditStopException s = stop;
    if (s != null) {
      return Mono.error(s);
    }
    BigDecimal spent = spent(reading);
    BigDecimal max = limit;
    if (max != null && spent.compareTo(max) >= 0) {
      stop(new CreditStopException(Outcome.Failure.Reason.CREDIT_LIMIT, 0,
          "not started: the run spent " + spent.toPlainString() + " credits, its limit is "
              + max.toPlainString()));
      return Mono.error(stop);
    }
    synchronized (this) {
      admitted++;
    }
    return Mono.empty();
  }

  /** The balance's fall since the first reading of the run. */
  private BigDecimal spent(Reading reading) {
    BigDecimal first = initial;
    return first == null ? BigDecimal.ZERO : first.subtract(reading.balance()).max(BigDecimal.ZERO);
  }

  /** Too old, or the starts admitted since it may have spent what is left. */
  private boolean stale(Reading r) {
    if (now() - r.atMillis() >= every.toMillis()) {
      return true;
    }
    BigDecimal max = limit;
    long since;
    synchronized (this) {
      since = admitted - r.admittedBefore();
    }
    if (max == null || since == 0) {
      return false;
    }
    if (since >= Math.max(1, r.admittedBefore())) {
      return true; // the starts have doubled since: read again (a few readings a run)
    }
    BigDecimal spent = spent(r);
    BigDecimal mean = spent.divide(BigDecimal.valueOf(r.admittedBefore()), 6, java.math.RoundingMode.UP);
    return spent.add(mean.multiply(BigDecimal.valueOf(since))).compareTo(max) >= 0;
  }

  /** One balance request at a time; callers meanwhile share its answer. */
  private Mono<Reading> refresh() {
    Mono<Reading> running = refreshing.get();
    if (running != null) {
      return running;
    }
    long before;
    synchronized (this) {
      before = admitted;
    }
    Mono<Reading> fresh = client.creditBalance()
        .map(balance -> new Reading(balance, before, now()))
        .doOnNext(r -> {
          if (initial == null) {
            initial = r.balance();
          }
          last = r;
        })
        .doFinally(signal -> refreshing.set(null))
        .cache();
    return refreshing.compareAndSet(null, fresh) ? fresh : refresh();
  }

  private long now() {
    return client.scheduler().now(TimeUnit.MILLISECONDS);
  }
}

package io.s64.limits;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The requests an API key may still send: one budget per key, shared by everything that uses the
 * key. Every request first {@linkplain #acquire acquires} a {@link Ticket}, then reports the
 * response (with the server's rate-limit headers) on it, which keeps the budget in step with the
 * server.
 *
 * <p>Waiting is a {@code Mono} that completes when the request may go: compose it, never block on
 * it. Cancelling it leaves the queue at once and consumes nothing.
 */
public interface RequestBudget {

  /**
   * A budget kept in this process: a Bucket4j token bucket of {@code limit} requests per {@code
   * window}, kept in step with the server's {@code X-RateLimit-*} headers, with three priority lanes.
   * All its timing reads {@code scheduler}'s clock, so tests can drive it with virtual time.
   *
   * @param limit requests per window, at least 1
   * @param window the window length, positive
   * @param scheduler the clock and the timer for wake-ups
   */
  static RequestBudget local(int limit, Duration window, Scheduler scheduler) {
    return new BucketRequestBudget(limit, window, Integer.MAX_VALUE, scheduler);
  }

  /**
   * {@link #local(int, Duration, Scheduler)} that also keeps at most {@code maxInFlight} requests
   * on the wire at once. Give it the connection pool's size (as {@code Sixtyfour} does with its
   * own budget): requests then never queue for a connection, where lanes would not apply and a
   * request granted before a rate pause could be held until after it began.
   *
   * @param maxInFlight requests sent and not yet answered, at least 1
   */
  static RequestBudget local(int limit, Duration window, int maxInFlight, Scheduler scheduler) {
    return new BucketRequestBudget(limit, window, maxInFlight, scheduler);
  }

  /** A budget that grants every request at once; for benchmarks and servers without limits. */
  static RequestBudget unlimited() {
    return new UnlimitedRequestBudget();
  }

  /**
   * Waits for the right to send one request. Lanes are served in order ({@link Lane#SLOT}, {@link
   * Lane#CONTINUATION}, {@link Lane#BULK}); within a lane, first come first served.
   */
  Mono<Ticket> acquire(Lane lane);

  /** A snapshot of the budget's state. */
  State state();

  /**
   * Whether the key is paused right now (after a 429, until the announced reset). A granted
   * request checks it once more at the last moment before it goes on the wire: it may have waited
   * for a connection while the pause began.
   */
  default boolean paused() {
    return false;
  }

  /**
   * A rate 429 was just read (its status and headers; its ticket reports it later): pause the key
   * now, as its report would, so that no request asking {@link #paused()} goes on the wire after
   * the 429 came in. Called on an I/O thread; must not block. The report on the ticket still
   * follows and is counted as usual.
   */
  default void pauseFor(ServerLimits limits) {}

  /** The right to send one request; report what became of it exactly once. */
  interface Ticket {
    /**
     * The server answered. {@code slotsBusy} marks a 429 that meant "all deep-search slots are
     * busy" rather than "window spent": it pauses nothing.
     */
    void onResponse(int status, ServerLimits limits, boolean slotsBusy);

    /** No response arrived (connection error, timeout, or the caller cancelled). */
    void onNoResponse();
  }

  /**
   * What a response said about the key's window; each part may be missing or unreadable. The
   * client fills it from the headers with every value range-checked (a count of at most 10^9, a
   * reset or {@code Retry-After} at most an hour ahead; anything else is null). A budget must still
   * take any value without throwing: a report that throws would leave its ticket unended.
   *
   * @param limit {@code X-RateLimit-Limit}
   * @param remaining {@code X-RateLimit-Remaining}
   * @param resetAt {@code X-RateLimit-Reset}, the end of the current window
   * @param retryAfter {@code Retry-After}, as an instant
   */
  record ServerLimits(
      @Nullable Long limit,
      @Nullable Long remaining,
      @Nullable Instant resetAt,
      @Nullable Instant retryAfter) {
    /** A response without any rate-limit header. */
    public static final ServerLimits NONE = new ServerLimits(null, null, null, null);
  }

  /**
   * The priority of a request in the {@link RequestBudget}. Slot time is the scarcest resource, so
   * requests that keep a deep-search slot moving are served first; then requests whose cursor is
   * ticking, so that work already started finishes before new work begins (a page cursor expires,
   * and a cursor that waits behind a thousand first pages would expire in the queue).
   */
  enum Lane {
    /** Starts and status polls of deep searches: served first. */
    SLOT,
    /** Follow-up pages by cursor, and reads that replace a lost cursor: served second. */
    CONTINUATION,
    /** First pages, filter queries, exports, enrichment, download links. */
    BULK
  }

  /**
   * A snapshot of a budget, for progress displays and tests.
   *
   * @param limit requests per window, as configured
   * @param window the window length, as configured
   * @param available requests that could be sent right now: the local tokens, capped by what the
   *     server last said remains in its window
   * @param serverRemaining what the server's window still allows, counting requests in flight, or
   *     null when the server has not said
   * @param serverResetAt when the server's current window ends, or null when unknown
   * @param pausedUntil when sending may resume after a 429, or null when not paused
   * @param inFlight requests granted whose response has not arrived
   * @param waitingSlot callers waiting in the {@link Lane#SLOT} lane
   * @param waitingContinuation callers waiting in the {@link Lane#CONTINUATION} lane
   * @param waitingBulk callers waiting in the {@link Lane#BULK} lane
   * @param granted requests granted since the budget was created
   * @param rateLimited 429 responses that meant the window was spent
   * @param slotsBusy 429 responses that meant all deep-search slots were busy
   */
  record State(
      long limit,
      Duration window,
      long available,
      @Nullable Long serverRemaining,
      @Nullable Instant serverResetAt,
      @Nullable Instant pausedUntil,
      int inFlight,
      int waitingSlot,
      int waitingContinuation,
      int waitingBulk,
      long granted,
      long rateLimited,
      long slotsBusy) {}
}

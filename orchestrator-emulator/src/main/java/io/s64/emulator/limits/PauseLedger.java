package io.s64.emulator.limits;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Which requests broke a rate pause. After a rate 429 a key must send nothing until the window's
 * end; the question is only from when. A client cannot know of the 429 before it has read it, and
 * a request it wrote before that moment is on the wire, not a breach. So the pause is judged
 * against the moment the 429 was <em>written</em> (stamped on the connection's event loop as the
 * response goes to the socket), and a request against the moment its first byte was read:
 *
 * <ul>
 *   <li>on the connection that carried the 429, any later request is a breach: HTTP/1.1 sends the
 *       next request on a connection only after reading the previous response;
 *   <li>on another connection, a request whose first byte arrived more than {@link #GRACE} after
 *       the 429 was written is a breach. The grace is a loopback round trip (the 429's way to the
 *       client plus the request's way back), measured by {@code LoopbackGraceTest}; a request that
 *       arrives within it may have been written before the client could read the 429, and is
 *       counted apart ({@link Verdict#ON_ITS_WAY}).
 * </ul>
 *
 * <p>Every request that arrives after a 429 was written and before its pause ends is also kept
 * ({@link #late()}, the latest {@value #KEPT}) with both stamps and the request's {@code
 * x-s64-trace} header, if it sent one: a test that runs the client in the same process (same
 * {@code nanoTime} clock) joins them with the moments the client wrote each request and read each
 * 429, and so counts breaches exactly, without a grace.
 *
 * <p>A pause ends at the window's end by the emulator clock, judged at the request's arrival.
 * First-byte and write moments are {@link System#nanoTime()} readings (they measure the wire, which
 * a {@code ManualClock} does not move). Thread-safe.
 */
public final class PauseLedger {
  /**
   * The longest loopback round trip a request on another connection may take and still count as
   * written before the client read the 429.
   */
  public static final Duration GRACE = Duration.ofMillis(10);

  /** What a request was, with respect to its key's pause. */
  public enum Verdict {
    /** The key was not paused, or the 429 that paused it was not yet written. */
    NOT_PAUSED,
    /** Arrived on another connection within the grace after the 429 was written. */
    ON_ITS_WAY,
    /** Arrived on the connection that carried the 429, after it, before the window's end. */
    BREACH_ON_ITS_CONNECTION,
    /** Arrived on another connection later than the grace, before the window's end. */
    BREACH
  }

  /**
   * When and where a request arrived.
   *
   * @param nanos {@link System#nanoTime()} when its first byte was read
   * @param epochMillis the emulator clock then
   * @param connection the connection it came on (compared with {@code equals})
   */
  public record Arrival(long nanos, long epochMillis, Object connection) {}

  /**
   * A request that arrived while its key was paused, after the 429 was written.
   *
   * @param verdict how the ledger judged it (never {@link Verdict#NOT_PAUSED})
   * @param writtenNanos when the pause's first 429 was written ({@link System#nanoTime()})
   * @param arrivalNanos when the request's first byte was read
   * @param untilMillis when the pause ends (emulator clock, epoch milliseconds)
   * @param trace the request's {@code x-s64-trace} header, or null
   */
  public record Late(Verdict verdict, long writtenNanos, long arrivalNanos, long untilMillis,
      @Nullable String trace) {}

  /** How many late requests are kept: the latest. */
  public static final int KEPT = 100_000;

  /** One key's current or last pause; guarded by the ledger. */
  private static final class Pause {
    final long id;
    long untilMillis;
    boolean written;
    long firstWrittenNanos;
    final Map<Object, Long> writtenOn = new HashMap<>(4);

    Pause(long id, long untilMillis) {
      this.id = id;
      this.untilMillis = untilMillis;
    }
  }

  private final long graceNanos;
  private final Map<String, Pause> pauses = new HashMap<>();
  private final ArrayDeque<Late> late = new ArrayDeque<>();
  private long lateDropped;
  private long ids;

  public PauseLedger() {
    this(GRACE);
  }

  PauseLedger(Duration grace) {
    this.graceNanos = grace.toNanos();
  }

  /**
   * Judges a request of {@code key} that arrived at {@code arrival} and keeps it among the {@link
   * #late()} ones when it came during a pause, with its {@code trace} (the request's {@code
   * x-s64-trace} header, or null).
   */
  public synchronized Verdict judge(String key, Arrival arrival, @Nullable String trace) {
    Pause p = pauses.get(key);
    if (p == null || !p.written || arrival.epochMillis() >= p.untilMillis) {
      return Verdict.NOT_PAUSED;
    }
    Verdict verdict = verdict(p, arrival);
    if (verdict != Verdict.NOT_PAUSED) {
      if (late.size() == KEPT) {
        late.removeFirst();
        lateDropped++;
      }
      late.addLast(new Late(verdict, p.firstWrittenNanos, arrival.nanos(), p.untilMillis, trace));
    }
    return verdict;
  }

  private Verdict verdict(Pause p, Arrival arrival) {
    Long onThisConnection = p.writtenOn.get(arrival.connection());
    if (onThisConnection != null && arrival.nanos() - onThisConnection > 0) {
      return Verdict.BREACH_ON_ITS_CONNECTION;
    }
    long after = arrival.nanos() - p.firstWrittenNanos;
    if (after <= 0) {
      return Verdict.NOT_PAUSED;
    }
    return after > graceNanos ? Verdict.BREACH : Verdict.ON_ITS_WAY;
  }

  /** The requests that arrived during a pause, oldest first (the latest {@value #KEPT}). */
  public synchronized List<Late> late() {
    return List.copyOf(late);
  }

  /** How many late requests were dropped to keep the latest {@value #KEPT}. */
  public synchronized long lateDropped() {
    return lateDropped;
  }

  /** Forgets the late requests kept so far (the pauses themselves stay). */
  public synchronized void forgetLate() {
    late.clear();
    lateDropped = 0;
  }

  /**
   * A rate 429 is about to be sent: the key is paused until {@code untilMillis} (emulator clock).
   * Returns the pause's id, to pass to {@link #written} once the 429 is on the wire. A 429 during
   * a pause that has not ended belongs to it (and may extend it).
   */
  public synchronized long pause(String key, long nowMillis, long untilMillis) {
    Pause p = pauses.get(key);
    if (p == null || nowMillis >= p.untilMillis) {
      p = new Pause(++ids, untilMillis);
      pauses.put(key, p);
    } else if (untilMillis > p.untilMillis) {
      p.untilMillis = untilMillis;
    }
    return p.id;
  }

  /** The 429 of pause {@code id} was written on {@code connection} at {@code nanos}. */
  public synchronized void written(String key, long id, Object connection, long nanos) {
    Pause p = pauses.get(key);
    if (p == null || p.id != id) {
      return; // a pause that is over: a late write tells nothing of the current one
    }
    if (!p.written || nanos - p.firstWrittenNanos < 0) {
      p.firstWrittenNanos = nanos;
    }
    p.written = true;
    p.writtenOn.merge(connection, nanos, Math::min);
  }
}

package io.s64.emulator;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that only moves when told to: pass it to {@link EmulatorConfig.Builder#clock} and call
 * {@link #advance(Duration)} to make searches progress, rate windows reset and cursors or signed
 * URLs expire, without sleeping. Thread-safe.
 *
 * <pre>{@code
 * ManualClock clock = ManualClock.at(Instant.parse("2030-01-01T00:00:00Z"));
 * try (Emulator emulator = Emulator.start(EmulatorConfig.builder().port(0).clock(clock).build())) {
 *   // start a search, then:
 *   clock.advance(Duration.ofMinutes(2)); // the search is now completed
 * }
 * }</pre>
 */
public final class ManualClock implements InstantSource {
  private final AtomicReference<Instant> now;

  private ManualClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  /** A clock standing at {@code start}. */
  public static ManualClock at(Instant start) {
    return new ManualClock(Objects.requireNonNull(start, "start"));
  }

  /** A clock standing at the current wall-clock instant, truncated to whole seconds. */
  public static ManualClock atNow() {
    return at(Instant.ofEpochSecond(Instant.now().getEpochSecond()));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  /**
   * Moves the clock forward.
   *
   * @throws IllegalArgumentException if {@code amount} is negative
   * @return the new instant
   */
  public Instant advance(Duration amount) {
    Objects.requireNonNull(amount, "amount");
    if (amount.isNegative()) {
      throw new IllegalArgumentException("amount must not be negative but was " + amount);
    }
    return now.updateAndGet(t -> t.plus(amount));
  }

  /** Sets the clock to {@code instant} (which may be earlier than now). */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant"));
  }

  @Override
  public String toString() {
    return "ManualClock[" + now.get() + "]";
  }
}

package io.s64.poll;

import io.s64.error.ConfigurationException;
import java.time.Duration;

/**
 * When to poll a running search or job, and when to give up. Immutable; change it with the
 * {@code with*} copies.
 *
 * <p>The n-th delay (n = 0 for the first poll after the start) is
 * <pre>
 *   base(0) = firstDelay,  base(n) = min(cap, interval × growth^(n-1))
 *   delay(n) = max(floor, base(n)) × (1 + jitter × U × pressure)
 * </pre>
 * where U is uniform in [0, 1) and {@code pressure} in [0, 1] says how busy the request budget
 * is: an idle budget polls at the base cadence, a busy one spreads polls out by up to {@code
 * jitter}. The {@link #defaults() defaults} follow the API documentation: every 10–15 s, never
 * below 10 s, give up after 30 minutes. The floor protects the API from over-eager settings;
 * lowering it is an explicit choice ({@link #withCadence(Duration)}).
 *
 * @param firstDelay the wait before the first poll
 * @param interval the base wait between polls
 * @param growth the factor the base wait grows by after each poll, at least 1
 * @param cap the largest base wait
 * @param jitter the largest random extra, as a fraction of the wait, in [0, 1]
 * @param floor the smallest wait ever used
 * @param deadline how long after its start a task may run before it is reported as timed out
 */
public record PollSchedule(
    Duration firstDelay,
    Duration interval,
    double growth,
    Duration cap,
    double jitter,
    Duration floor,
    Duration deadline) {

  private static final PollSchedule DEFAULTS = new PollSchedule(
      Duration.ofSeconds(10), Duration.ofSeconds(10), 1.0, Duration.ofSeconds(60), 0.5,
      Duration.ofSeconds(10), Duration.ofMinutes(30));

  public PollSchedule {
    requirePositive("firstDelay", firstDelay, true);
    requirePositive("interval", interval, false);
    requirePositive("cap", cap, false);
    requirePositive("floor", floor, true);
    requirePositive("deadline", deadline, false);
    if (!(growth >= 1.0) || Double.isInfinite(growth)) {
      throw new ConfigurationException("growth must be at least 1 but was " + growth);
    }
    if (!(jitter >= 0.0 && jitter <= 1.0)) {
      throw new ConfigurationException("jitter must be in 0..1 but was " + jitter);
    }
    if (cap.compareTo(interval) < 0) {
      throw new ConfigurationException(
          "cap must be at least interval (" + interval + ") but was " + cap);
    }
  }

  private static void requirePositive(String name, Duration d, boolean zeroAllowed) {
    if (d.isNegative() || (!zeroAllowed && d.isZero())) {
      throw new ConfigurationException(
          name + " must be " + (zeroAllowed ? "zero or positive" : "positive") + " but was " + d);
    }
  }

  /** Every 10–15 s (10 s when the budget is idle), first poll after 10 s, deadline 30 min. */
  public static PollSchedule defaults() {
    return DEFAULTS;
  }

  /**
   * Polls every {@code cadence} (plus jitter): sets the first delay and the interval, and lowers
   * the floor to the cadence when the cadence is below it.
   */
  public PollSchedule withCadence(Duration cadence) {
    requirePositive("cadence", cadence, false);
    Duration newFloor = cadence.compareTo(floor) < 0 ? cadence : floor;
    Duration newCap = cap.compareTo(cadence) < 0 ? cadence : cap;
    return new PollSchedule(cadence, cadence, growth, newCap, jitter, newFloor, deadline);
  }

  public PollSchedule withFirstDelay(Duration d) {
    return new PollSchedule(d, interval, growth, cap, jitter, floor, deadline);
  }

  public PollSchedule withInterval(Duration d) {
    return new PollSchedule(firstDelay, d, growth, cap, jitter, floor, deadline);
  }

  public PollSchedule withGrowth(double g) {
    return new PollSchedule(firstDelay, interval, g, cap, jitter, floor, deadline);
  }

  public PollSchedule withCap(Duration d) {
    return new PollSchedule(firstDelay, interval, growth, d, jitter, floor, deadline);
  }

  public PollSchedule withJitter(double j) {
    return new PollSchedule(firstDelay, interval, growth, cap, j, floor, deadline);
  }

  public PollSchedule withFloor(Duration d) {
    return new PollSchedule(firstDelay, interval, growth, cap, jitter, d, deadline);
  }

  public PollSchedule withDeadline(Duration d) {
    return new PollSchedule(firstDelay, interval, growth, cap, jitter, floor, d);
  }

  /**
   * The wait before poll number {@code attempt} (0 = the first poll after the start).
   *
   * @param attempt how many polls came before, at least 0
   * @param random a uniform random number in [0, 1)
   * @param pressure how busy the request budget is, in [0, 1]; 1 when unknown
   */
  public Duration delay(int attempt, double random, double pressure) {
    double base;
    if (attempt <= 0) {
      base = firstDelay.toNanos();
    } else {
      base = Math.min(cap.toNanos(), interval.toNanos() * Math.pow(growth, attempt - 1));
    }
    base = Math.max(floor.toNanos(), base);
    double p = Math.max(0.0, Math.min(1.0, pressure));
    double r = Math.max(0.0, Math.min(1.0, random));
    return Duration.ofNanos((long) (base * (1.0 + jitter * r * p)));
  }
}

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

  /**
   * The default poll schedule of deep searches: polls where completions are likely, within the
   * docs' poll budget. Immutable; what a run has learned is a separate immutable belief that the batch
   * replaces as searches end.
   *
   * <p>The next poll of a search last seen running at age {@code a} (time since its start) is the
   * latest of three times:
   * <ol>
   *   <li>the plan's: the poll ages that minimise the expected detection delay (completion to the
   *       poll that sees it) under the learned completion-time distribution, at the price per poll
   *       at which the plan spends, in expectation, no more polls per search than the docs' cadence
   *       would (the docs' 30–120 s range is the prior until searches end).
   *       When the search shows a progress hint that past searches showed shortly before their end,
   *       the plan's time is brought forward to the hint's typical time left;
   *   <li>the floor: {@code a + floor};
   *   <li>the budget: the n-th poll no earlier than {@code (n - k) × cadence}, where {@code k} is the
   *       number of docs' polls that come before one search in twenty has ended (the prior's minimum
   *       until twenty searches ended). A search may move those polls later in its life; at no
   *       moment has it had more than the docs' cadence would have made plus them.
   * </ol>
   * Nothing here depends on the request budget: an idle budget buys no extra poll.
   *
   * @param cadence the docs' cadence, whose polls are the budget (10 s)
   * @param floor the smallest gap between two polls of one search (2 s)
   * @param priorMin the shortest search the prior expects (30 s)
   * @param priorMax the longest search the prior expects (120 s)
   * @param priorWeight how many completed searches the prior weighs, at least 1 (5)
   * @param hints whether progress hints may bring a poll forward
   * @param deadline how long after its start a search may run before it is reported as timed out
   */
  public record Learned(
      Duration cadence,
      Duration floor,
      Duration priorMin,
      Duration priorMax,
      int priorWeight,
      boolean hints,
      Duration deadline) {

    private static final Learned LEARNED_DEFAULTS = new Learned(Duration.ofSeconds(10),
        Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(120), 5, true,
        Duration.ofMinutes(30));

    public Learned {
      positive("cadence", cadence);
      positive("floor", floor);
      positive("priorMin", priorMin);
      positive("deadline", deadline);
      if (priorMax.compareTo(priorMin) < 0) {
        throw new ConfigurationException(
            "priorMax must be at least priorMin (" + priorMin + ") but was " + priorMax);
      }
      if (floor.compareTo(cadence) > 0) {
        throw new ConfigurationException(
            "floor must be at most the cadence (" + cadence + ") but was " + floor);
      }
      if (priorWeight < 1) {
        throw new ConfigurationException("priorWeight must be at least 1 but was " + priorWeight);
      }
    }

    private static void positive(String name, Duration d) {
      if (d.isNegative() || d.isZero()) {
        throw new ConfigurationException(name + " must be positive but was " + d);
      }
    }

    /** Budget of the docs' 10 s cadence, 2 s floor, prior 30–120 s, hints on, deadline 30 min. */
    public static Learned defaults() {
      return LEARNED_DEFAULTS;
    }

    /** Every duration divided by {@code factor}: the same schedule on a faster clock (benchmarks, tests). */
    public Learned scaledDown(long factor) {
      return new Learned(cadence.dividedBy(factor), floor.dividedBy(factor),
          priorMin.dividedBy(factor), priorMax.dividedBy(factor), priorWeight, hints,
          deadline.dividedBy(factor));
    }

    /**
     * The budget of this cadence instead of 10 s; lowers the floor to the cadence when the cadence
     * is below it.
     */
    public Learned withCadence(Duration d) {
      positive("cadence", d);
      return new Learned(d, floor.compareTo(d) > 0 ? d : floor, priorMin, priorMax,
          priorWeight, hints, deadline);
    }

    public Learned withFloor(Duration d) {
      return new Learned(cadence, d, priorMin, priorMax, priorWeight, hints, deadline);
    }

    public Learned withPrior(Duration min, Duration max) {
      return new Learned(cadence, floor, min, max, priorWeight, hints, deadline);
    }

    public Learned withHints(boolean on) {
      return new Learned(cadence, floor, priorMin, priorMax, priorWeight, on, deadline);
    }

    public Learned withDeadline(Duration d) {
      return new Learned(cadence, floor, priorMin, priorMax, priorWeight, hints, d);
    }
  }
}

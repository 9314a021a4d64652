package io.s64.bench;

import io.s64.poll.PollSchedule;
import java.time.Duration;

/**
 * The API documentation's timings scaled down 1:60, so that a batch of "minutes" runs in
 * seconds: deep searches of 30–120 s become 0.5–2 s, the 10–15 s poll cadence with its 10 s floor
 * becomes 167–250 ms with a 167 ms floor, and the 500-requests-per-minute window becomes 500 per
 * second. Every ratio the benchmarks report (slot use, request-budget use) is unchanged by the
 * scale; only the absolute overheads (a loopback round trip, a scheduler hop) weigh 60 times more
 * than they would at full scale, so the scaled figures are, if anything, pessimistic.
 */
final class Scaled {
  /** Real seconds per scaled second. */
  static final int FACTOR = 60;

  /** The shortest deep search of the docs, 30 s, scaled: 500 ms. */
  static final Duration SEARCH_MIN = down(Duration.ofSeconds(30));

  /** The longest deep search of the docs, 120 s, scaled: 2 s. */
  static final Duration SEARCH_MAX = down(Duration.ofSeconds(120));

  /** The rate window of the docs, 60 s, scaled: 1 s (the limit per window stays 500). */
  static final Duration RATE_WINDOW = down(Duration.ofSeconds(60));

  /** The lowered poll floor of the target table, 2 s, scaled: 33.3 ms. */
  static final Duration LOWERED_FLOOR = down(Duration.ofSeconds(2));

  private Scaled() {}

  /** A documented duration at the benchmark's scale. */
  static Duration down(Duration real) {
    return real.dividedBy(FACTOR);
  }

  /**
   * {@link PollSchedule#defaults()} with every duration divided by 60: first delay and interval
   * 10 s → 166.7 ms, floor 10 s → 166.7 ms, cap 60 s → 1 s, deadline 30 min → 30 s; growth and
   * jitter unchanged.
   */
  static PollSchedule defaultCadence() {
    PollSchedule d = PollSchedule.defaults();
    return new PollSchedule(down(d.firstDelay()), down(d.interval()), d.growth(), down(d.cap()),
        d.jitter(), down(d.floor()), down(d.deadline()));
  }

  /**
   * {@link PollSchedule.Learned#defaults()} with every duration divided by 60: budget cadence 10 s →
   * 166.7 ms, floor 2 s → 33.3 ms, prior 30–120 s → 0.5–2 s, deadline 30 min → 30 s.
   */
  static PollSchedule.Learned learned() {
    return PollSchedule.Learned.defaults().scaledDown(FACTOR);
  }

  /** {@link #defaultCadence()} with the floor lowered to the equivalent of 2 s (33.3 ms). */
  static PollSchedule loweredFloor() {
    return defaultCadence().withCadence(LOWERED_FLOOR);
  }
}

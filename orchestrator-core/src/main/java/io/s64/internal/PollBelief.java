package io.s64.internal;

import io.s64.poll.PollSchedule;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The belief behind {@link PollSchedule.Learned}, and the rule that places a search's next poll
 * from it. What a run has learned about how long its searches take, and about what the API's progress hints
 * say of the time left. Immutable: {@link #withCompletion} and {@link #withHint} return a new
 * value, so the policy reading it never sees it change.
 *
 * <p>The belief about a completion time is a mixture of the prior (uniform over the schedule's
 * {@code priorMin..priorMax}, the docs' 30–120 s) weighted as {@code priorWeight} searches, and a
 * Gaussian kernel estimate over the completions seen (the latest {@value #KEEP}). The poll plan
 * of a belief is computed once and kept until the number of completions has grown by a quarter.
 * Computing one takes milliseconds, so it is done off the poll path: a belief due for a new plan
 * places polls by the plan of the belief it came from until {@link #prepare()} has run (the batch
 * runs it on its scheduler as soon as the belief changes); only the very first plan is computed
 * where it is first needed.
 */
public final class PollBelief {
  /** Digits in a progress message, blanked in its key; compiled once (each poll makes a key). */
  private static final Pattern DIGITS = Pattern.compile("[0-9]+");
  /** Completions remembered: the latest ones. */
  static final int KEEP = 2048;
  /** Samples a hint needs before it is trusted. */
  static final int HINT_SAMPLES = 3;

  private final PollSchedule.Learned schedule;
  private final double[] samples;
  private final long seen;
  private final Map<String, double[]> afterHint;
  private final long spent;
  private final long allowed;
  private final long plannedAt;
  private volatile @Nullable PollPlan plan;
  /** The plan of the belief this one came from, used until this one's own is prepared. */
  private final @Nullable PollPlan stale;

  private PollBelief(PollSchedule.Learned schedule, double[] samples, long seen,
      Map<String, double[]> afterHint, long spent, long allowed, long plannedAt,
      @Nullable PollPlan plan, @Nullable PollPlan stale) {
    this.schedule = schedule;
    this.samples = samples;
    this.seen = seen;
    this.afterHint = afterHint;
    this.spent = spent;
    this.allowed = allowed;
    this.plannedAt = plannedAt;
    this.plan = plan;
    this.stale = plan == null ? stale : null;
  }

  /** Nothing learned yet: the prior alone. */
  public static PollBelief prior(PollSchedule.Learned schedule) {
    return new PollBelief(schedule, new double[0], 0, Map.of(), 0, 0, 0, null, null);
  }

  /**
   * The wait before the next poll of a search on {@code schedule} (the one this belief was learned
   * for, or a variant of it).
   *
   * @param schedule the schedule's floor, budget and whether hints count
   * @param age the search's age now, right after its last poll (zero right after the start)
   * @param polls the polls made so far
   * @param hint the progress state of the last poll ({@link #hintKey}), or null
   * @param hintSince the age at which this search first showed {@code hint}
   */
  public Duration next(PollSchedule.Learned schedule, Duration age, int polls,
      @Nullable String hint, Duration hintSince) {
    double now = millis(age);
    double at = current().nextAfter(now);
    if (schedule.hints() && hint != null) {
      Duration left = timeLeftAfter(hint);
      if (left != null) {
        double expected = millis(hintSince) + millis(left);
        if (expected > now && expected < at) {
          at = expected;
        }
      }
    }
    at = Math.max(at, now + millis(schedule.floor()));
    int moved = (int) Math.floor(earliest() / millis(schedule.cadence()) + 1e-9);
    at = Math.max(at, (polls + 1 - moved) * millis(schedule.cadence()));
    return Duration.ofNanos((long) Math.ceil((at - now) * 1e6));
  }

  /**
   * The progress state of a status, as a key to learn from: the phase, the number of iterations
   * and the message without its digits (so "iteration 2 of 3" and "iteration 3 of 3" differ by
   * their iteration count, not their text). Null when the status carries no hint at all.
   */
  public static @Nullable String hintKey(@Nullable Integer phase, int iterations,
      @Nullable String message) {
    if (phase == null && iterations == 0 && (message == null || message.isBlank())) {
      return null;
    }
    String text = message == null ? "" : DIGITS.matcher(message).replaceAll("#").trim()
        .toLowerCase(Locale.ROOT);
    return (phase == null ? "-" : phase.toString()) + "|" + iterations + "|" + text;
  }

  /** Completions learned so far. */
  public long completions() {
    return seen;
  }

  /**
   * With one more search that took {@code took} from its start to its end and was polled {@code
   * polls} times.
   */
  public PollBelief withCompletion(Duration took, int polls) {
    double ms = Math.max(0, took.toNanos() / 1e6);
    double[] next;
    if (samples.length < KEEP) {
      next = Arrays.copyOf(samples, samples.length + 1);
      next[samples.length] = ms;
    } else {
      next = samples.clone();
      next[(int) (seen % KEEP)] = ms;
    }
    long count = seen + 1;
    PollPlan current = plan != null ? plan : stale;
    long docs = Math.max(1, (long) Math.ceil(ms / millis(schedule.cadence()) - 1e-9));
    boolean due = count >= plannedAt + Math.max(1, plannedAt / 4);
    return new PollBelief(schedule, next, count, afterHint, spent + polls, allowed + docs,
        due ? count : plannedAt, due ? null : plan, current);
  }

  /**
   * With one more search that ended {@code left} after it was first seen showing {@code hint}
   * (a progress state, see {@link #hintKey}).
   */
  public PollBelief withHint(String hint, Duration left) {
    double ms = Math.max(0, left.toNanos() / 1e6);
    double[] old = afterHint.getOrDefault(hint, new double[0]);
    double[] next;
    if (old.length < KEEP) {
      next = Arrays.copyOf(old, old.length + 1);
      next[old.length] = ms;
    } else {
      next = Arrays.copyOfRange(old, 1, old.length + 1);
      next[old.length - 1] = ms;
    }
    Map<String, double[]> map = new HashMap<>(afterHint);
    map.put(hint, next);
    return new PollBelief(schedule, samples, seen, Collections.unmodifiableMap(map),
        spent, allowed, plannedAt, plan, stale);
  }

  /**
   * How long after first showing {@code hint} a search typically ends, when the hint is
   * informative: seen at least {@value #HINT_SAMPLES} times and its time-left spread (10th to 90th
   * percentile) under half the spread of completion times; else null.
   */
  @Nullable Duration timeLeftAfter(String hint) {
    double[] left = afterHint.get(hint);
    if (left == null || left.length < HINT_SAMPLES) {
      return null;
    }
    double[] sorted = left.clone();
    Arrays.sort(sorted);
    double spread = quantile(sorted, 0.9) - quantile(sorted, 0.1);
    double overall = spread();
    if (!(spread < overall / 2)) {
      return null;
    }
    return Duration.ofNanos((long) (quantile(sorted, 0.5) * 1e6));
  }

  /** The 10th-to-90th percentile spread of completion times: of the samples, else the prior. */
  private double spread() {
    if (samples.length < HINT_SAMPLES) {
      return 0.8 * (millis(schedule.priorMax()) - millis(schedule.priorMin()));
    }
    double[] sorted = samples.clone();
    Arrays.sort(sorted);
    return quantile(sorted, 0.9) - quantile(sorted, 0.1);
  }

  private static double quantile(double[] sorted, double q) {
    double at = q * (sorted.length - 1);
    int i = (int) Math.floor(at);
    int j = Math.min(sorted.length - 1, i + 1);
    return sorted[i] + (sorted[j] - sorted[i]) * (at - i);
  }

  /**
   * Computes this belief's plan if it has none yet (milliseconds of CPU; idempotent, safe from any
   * thread). Until it has run, polls are placed by the previous belief's plan.
   */
  public void prepare() {
    plan();
  }

  /** Whether this belief's own plan is computed. */
  public boolean prepared() {
    return plan != null;
  }

  /** The plan polls are placed by now: this belief's own, else its predecessor's, else computed. */
  private PollPlan current() {
    PollPlan p = plan;
    if (p != null) {
      return p;
    }
    return stale != null ? stale : plan();
  }

  /** The poll plan of this belief (computed on first use). */
  PollPlan plan() {
    PollPlan p = plan;
    if (p == null) {
      p = PollPlan.of(mass(), cell(), millis(schedule.floor()), millis(schedule.cadence()),
          unspent());
      plan = p;
    }
    return p;
  }

  /**
   * Polls per search that the searches ended so far were allowed (what the docs' cadence would
   * have spent on them) and did not spend, at most half a poll: the plan may spend them on the
   * next searches. Negative when they overspent, so the next searches plan with less.
   */
  double unspent() {
    if (seen == 0) {
      return 0;
    }
    return Math.max(-0.5, Math.min(0.5, (allowed - spent) / (double) seen));
  }

  /**
   * The time by which one search in twenty has ended: the prior's minimum until twenty searches
   * ended, then the 5th percentile of those seen. The polls the docs' cadence makes before it are
   * the ones a search may move later in its life.
   */
  double earliest() {
    if (samples.length < 20) {
      return millis(schedule.priorMin());
    }
    double[] sorted = samples.clone();
    Arrays.sort(sorted);
    return quantile(sorted, 0.05);
  }

  private double horizon() {
    double max = millis(schedule.priorMax());
    for (double s : samples) {
      max = Math.max(max, s);
    }
    return max * 1.25 + millis(schedule.cadence());
  }

  private double cell() {
    return horizon() / PollPlan.CELLS;
  }

  /** The belief, as the probability of completing in each cell. */
  double[] mass() {
    return KernelDensity.mass(samples, schedule.priorWeight(), millis(schedule.priorMin()),
        millis(schedule.priorMax()), PollPlan.CELLS, cell());
  }

  private static double millis(Duration d) {
    return d.toNanos() / 1e6;
  }
}

package io.s64.internal;

/**
 * Where to poll, for one belief about when searches complete: the answer to "the search was last
 * seen running at age u; when next?" for every u, chosen to minimise the expected detection delay
 * (completion to the poll that sees it) plus {@code lambda} per expected poll. {@code lambda} is
 * the smallest price at which the plan spends no more polls per search, in expectation, than the
 * docs' fixed cadence would spend on the same belief; so spare request budget never buys a poll.
 *
 * <p>Time is cut into {@link #CELLS} cells over a horizon past the belief's support; a poll falls
 * on a cell boundary and two polls are at least {@code floor} apart. The policy is found by dynamic
 * programming from the horizon backwards ({@code O(cells²)} per price) and the price by bisection.
 * Immutable.
 */
final class PollPlan {
  static final int CELLS = 240;
  private static final int BISECTIONS = 28;

  private final double cell;
  private final int[] next;
  private final double expectedPolls;
  private final double budget;

  private PollPlan(double cell, int[] next, double expectedPolls, double budget) {
    this.cell = cell;
    this.next = next;
    this.expectedPolls = expectedPolls;
    this.budget = budget;
  }

  /**
   * Plans for {@code mass[i]}, the probability that a search completes in cell i, that is in
   * ({@code i × cell}, {@code (i + 1) × cell}]; mass beyond the last cell is the rest.
   *
   * @param cell the cell's length, in any unit (the same as {@code floor} and {@code cadence})
   * @param floor the smallest gap between two polls
   * @param cadence the docs' fixed cadence, whose expected polls are the budget
   * @param adjust polls per search added to (or, negative, taken from) the budget
   */
  static PollPlan of(double[] mass, double cell, double floor, double cadence, double adjust) {
    int n = mass.length;
    double[] cdf = new double[n + 1];
    double[] moment = new double[n + 1];
    for (int i = 0; i < n; i++) {
      cdf[i + 1] = cdf[i] + mass[i];
      moment[i + 1] = moment[i] + mass[i] * (i + 0.5) * cell;
    }
    double total = cdf[n];
    double[] survival = new double[n + 1];
    for (int i = 0; i <= n; i++) {
      survival[i] = Math.max(0, total - cdf[i]) + Math.max(0, 1 - total);
    }
    int gap = Math.max(1, (int) Math.ceil(floor / cell - 1e-9));
    double budget = fixedCadencePolls(survival, cell, cadence) + adjust;
    double lo = 0;
    double hi = cadence * 1e4;
    int[] best = solve(cdf, moment, survival, cell, gap, cadence, hi);
    double polls = polls(best, survival);
    if (polls > budget) {
      // Even at a prohibitive price the floor-spaced plan costs more than the cadence: keep it.
      return new PollPlan(cell, best, polls, budget);
    }
    for (int k = 0; k < BISECTIONS; k++) {
      double mid = Math.sqrt(Math.max(lo, cadence * 1e-6) * hi);
      int[] policy = solve(cdf, moment, survival, cell, gap, cadence, mid);
      double p = polls(policy, survival);
      if (p <= budget) {
        hi = mid;
        best = policy;
        polls = p;
      } else {
        lo = mid;
      }
    }
    return new PollPlan(cell, best, polls, budget);
  }

  /** Expected polls of the docs' cadence: poll k (k ≥ 1, at k × cadence) happens if running at (k - 1) × cadence. */
  private static double fixedCadencePolls(double[] survival, double cell, double cadence) {
    double sum = 0;
    int n = survival.length - 1;
    for (int k = 0; ; k++) {
      double at = k * cadence / cell;
      if (at >= n) {
        // Past the horizon: what is left polls on at the cadence, about one poll per cadence.
        sum += survival[n];
        break;
      }
      sum += survival[(int) at];
    }
    return sum;
  }

  /**
   * The policy at price {@code lambda}: next[u] is the cell boundary of the next poll after a
   * search was seen running at boundary u. Past the horizon the plan polls every cadence.
   */
  private static int[] solve(double[] cdf, double[] moment, double[] survival, double cell, int gap,
      double cadence, double lambda) {
    int n = survival.length - 1;
    double[] value = new double[n + 1];
    int[] next = new int[n + 1];
    int tailStep = Math.max(gap, (int) Math.round(cadence / cell));
    value[n] = survival[n] * (cadence / 2 + lambda);
    next[n] = n + tailStep;
    for (int u = n - 1; u >= 0; u--) {
      double bestValue = Double.POSITIVE_INFINITY;
      int bestNext = Math.min(n, u + gap);
      double fu = cdf[u];
      double mu = moment[u];
      for (int v = Math.min(n, u + gap); v <= n; v++) {
        double delay = v * cell * (cdf[v] - fu) - (moment[v] - mu);
        double candidate = delay + value[v];
        if (candidate < bestValue) {
          bestValue = candidate;
          bestNext = v;
        }
      }
      value[u] = lambda * survival[u] + bestValue;
      next[u] = bestNext;
    }
    return next;
  }

  private static double polls(int[] next, double[] survival) {
    int n = survival.length - 1;
    double sum = 0;
    int u = 0;
    while (u < n) {
      sum += survival[u];
      u = next[u];
    }
    return sum + survival[n];
  }

  /** The age of the next poll of a search last seen running at {@code age}. */
  double nextAfter(double age) {
    int n = next.length - 1;
    int u = (int) Math.ceil(age / cell - 1e-9);
    if (u >= n) {
      int step = next[n] - n;
      return age + step * cell;
    }
    return next[Math.max(0, u)] * cell;
  }

  /** The polls per search the plan spends, in expectation under its belief. */
  double expectedPolls() {
    return expectedPolls;
  }

  /** The polls per search the docs' cadence would spend under the same belief. */
  double budget() {
    return budget;
  }
}

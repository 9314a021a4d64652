package io.s64.internal;

/**
 * A run's completion times as a density: the prior (uniform over the docs' range) mixed with a
 * Gaussian kernel estimate over the completions seen, as probability mass per cell of a {@link
 * PollPlan}. The kernel width is chosen by leave-one-out likelihood among multiples of Silverman's
 * rule of thumb. Stateless.
 */
final class KernelDensity {
  private KernelDensity() {}

  /**
   * The probability of completing in each of {@code n} cells of length {@code cell}: a mixture of
   * the prior, uniform over {@code lo..hi} and weighted as {@code priorWeight} samples, and a
   * Gaussian kernel estimate over {@code samples}. Mass beyond the last cell is left out.
   */
  static double[] mass(double[] samples, double priorWeight, double lo, double hi, int n,
      double cell) {
    double[] mass = new double[n];
    double weight = priorWeight;
    double priorShare = samples.length == 0 ? 1 : weight / (weight + samples.length);
    for (int i = 0; i < n; i++) {
      double a = i * cell;
      double b = a + cell;
      double overlap = hi > lo ? Math.max(0, Math.min(b, hi) - Math.max(a, lo)) / (hi - lo)
          : (lo > a && lo <= b ? 1 : 0);
      mass[i] = priorShare * overlap;
    }
    if (samples.length > 0) {
      double width = bandwidth(samples, cell);
      double each = (1 - priorShare) / samples.length;
      for (double s : samples) {
        int from = Math.max(0, (int) ((s - 4 * width) / cell));
        int to = Math.min(n - 1, (int) ((s + 4 * width) / cell));
        double below = normal((from * cell - s) / width);
        // Mass below the first cell counted here goes to the first cell reached.
        double carried = normal((from * cell - s) / width);
        for (int i = from; i <= to; i++) {
          double above = normal(((i + 1) * cell - s) / width);
          mass[i] += each * (above - below + carried);
          carried = 0;
          below = above;
        }
        if (to == n - 1) {
          continue;
        }
        mass[to] += each * (1 - below);
      }
    }
    return mass;
  }

  /** Multiples of Silverman's rule of thumb that the bandwidth is chosen from. */
  private static final double[] WIDTHS = {1.06, 0.7, 0.5, 0.35, 0.25};
  /** The most samples the kernel width is scored on. */
  private static final int CV_SAMPLES = 256;

  /**
   * The kernel width: of Silverman's rule of thumb and narrower multiples of it (the rule smears
   * the gap of a bimodal mix), the one under which the samples are likeliest, each left out of its
   * own estimate; at least one cell.
   */
  static double bandwidth(double[] samples, double cell) {
    double mean = 0;
    for (double s : samples) {
      mean += s;
    }
    mean /= samples.length;
    double var = 0;
    for (double s : samples) {
      var += (s - mean) * (s - mean);
    }
    double sd = samples.length > 1 ? Math.sqrt(var / (samples.length - 1)) : 0;
    double rule = sd * Math.pow(samples.length, -0.2);
    if (samples.length < 5 || rule <= 0) {
      return Math.max(1.06 * rule, cell);
    }
    // Scored on at most CV_SAMPLES of the samples, evenly spread, so the cost stays bounded.
    int stride = (samples.length + CV_SAMPLES - 1) / CV_SAMPLES;
    int m = (samples.length + stride - 1) / stride;
    double[] sub = new double[m];
    for (int i = 0; i < m; i++) {
      sub[i] = samples[i * stride];
    }
    double subRule = rule * Math.pow((double) samples.length / m, 0.2);
    double best = Math.max(WIDTHS[0] * rule, cell);
    double bestScore = Double.NEGATIVE_INFINITY;
    for (double factor : WIDTHS) {
      double width = Math.max(factor * subRule, cell);
      double score = 0;
      for (int i = 0; i < m; i++) {
        double density = 0;
        for (int j = 0; j < m; j++) {
          if (i != j) {
            double z = (sub[i] - sub[j]) / width;
            density += Math.exp(-z * z / 2);
          }
        }
        score += Math.log(density / width + 1e-300);
      }
      if (score > bestScore) {
        bestScore = score;
        best = Math.max(factor * rule, cell);
      }
    }
    return best;
  }

  /** The standard normal CDF (Abramowitz and Stegun 26.2.17, error below 1e-7). */
  static double normal(double x) {
    if (x < -8) {
      return 0;
    }
    if (x > 8) {
      return 1;
    }
    double t = 1 / (1 + 0.2316419 * Math.abs(x));
    double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937
        + t * (-1.821255978 + t * 1.330274429))));
    double tail = Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI) * poly;
    return x >= 0 ? 1 - tail : tail;
  }
}

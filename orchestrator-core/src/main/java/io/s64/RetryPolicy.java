package io.s64;

import io.s64.error.ConfigurationException;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How the client retries transient failures (HTTP 500/502/503/504, connection resets, timeouts,
 * malformed bodies): exponential backoff with full jitter and a cap on attempts. Immutable; change
 * it with the {@code with*} copies, as with Reactor's {@code RetryBackoffSpec}.
 *
 * <p>The wait before retry k (k = 0 for the first retry) is {@code U × min(maxBackoff,
 * firstBackoff × multiplier^k)} with U uniform in [1 − jitter, 1]: jitter 1 is "full jitter",
 * jitter 0 the exact exponential schedule.
 *
 * <p>Rate-limit 429s are not failures: the request waits for the announced reset in the request
 * budget and goes again, at most {@code maxRateLimitWaits} times per call. Errors that mean the
 * request is wrong (400, 401, 403, 404, 409, 422) are never retried.
 *
 * @param maxAttempts attempts in all, the first included, at least 1
 * @param firstBackoff the wait before the first retry
 * @param maxBackoff the largest wait
 * @param multiplier the growth of the wait, at least 1
 * @param jitter the random share of each wait, in [0, 1]
 * @param maxRateLimitWaits how often one call may wait out a rate 429 before giving up
 * @param random the source of jitter
 */
public record RetryPolicy(
    int maxAttempts,
    Duration firstBackoff,
    Duration maxBackoff,
    double multiplier,
    double jitter,
    int maxRateLimitWaits,
    RandomGenerator random) {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new ConfigurationException("maxAttempts must be at least 1 but was " + maxAttempts);
    }
    if (firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0) {
      throw new ConfigurationException("backoff must satisfy 0 <= firstBackoff <= maxBackoff but was "
          + firstBackoff + ".." + maxBackoff);
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new ConfigurationException("multiplier must be at least 1 but was " + multiplier);
    }
    if (!(jitter >= 0.0 && jitter <= 1.0)) {
      throw new ConfigurationException("jitter must be in 0..1 but was " + jitter);
    }
    if (maxRateLimitWaits < 0) {
      throw new ConfigurationException(
          "maxRateLimitWaits must be at least 0 but was " + maxRateLimitWaits);
    }
  }

  /** 6 attempts, waits from 500 ms doubling to at most 30 s, full jitter, 50 rate-limit waits. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(30), 2.0, 1.0, 50,
        RandomGenerator.getDefault());
  }

  /** No retries of failures (rate-limit waits still happen). */
  public static RetryPolicy none() {
    return defaults().withMaxAttempts(1);
  }

  public RetryPolicy withMaxAttempts(int n) {
    return new RetryPolicy(n, firstBackoff, maxBackoff, multiplier, jitter, maxRateLimitWaits, random);
  }

  public RetryPolicy withBackoff(Duration first, Duration max) {
    return new RetryPolicy(maxAttempts, first, max, multiplier, jitter, maxRateLimitWaits, random);
  }

  public RetryPolicy withMultiplier(double m) {
    return new RetryPolicy(maxAttempts, firstBackoff, maxBackoff, m, jitter, maxRateLimitWaits, random);
  }

  public RetryPolicy withJitter(double j) {
    return new RetryPolicy(maxAttempts, firstBackoff, maxBackoff, multiplier, j, maxRateLimitWaits, random);
  }

  public RetryPolicy withMaxRateLimitWaits(int n) {
    return new RetryPolicy(maxAttempts, firstBackoff, maxBackoff, multiplier, jitter, n, random);
  }

  public RetryPolicy withRandom(RandomGenerator r) {
    return new RetryPolicy(maxAttempts, firstBackoff, maxBackoff, multiplier, jitter, maxRateLimitWaits, r);
  }

  /** The wait before retry {@code retry} (0 = the first retry). */
  public Duration backoff(int retry) {
    double base = Math.min(maxBackoff.toNanos(),
        firstBackoff.toNanos() * Math.pow(multiplier, Math.max(0, retry)));
    double u = 1.0 - jitter * random.nextDouble();
    return Duration.ofNanos((long) (base * u));
  }
}

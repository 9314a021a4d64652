package io.s64.internal;

import java.time.Duration;
import java.util.function.IntFunction;

/**
 * What {@link Caller} needs of the client's retry policy.
 *
 * @param maxAttempts attempts in all for a transient failure, the first included
 * @param maxRateLimitWaits how often one call may wait out a rate-limit 429
 * @param backoff the wait before retry k (k = 0 for the first retry)
 */
public record RetryRules(int maxAttempts, int maxRateLimitWaits, IntFunction<Duration> backoff) {}

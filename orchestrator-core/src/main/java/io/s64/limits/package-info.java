/**
 * The scarce resources s64 shares out: the request budget of an API key ({@link
 * io.s64.limits.RequestBudget}, 500 requests per minute by default) and the organization's
 * deep-search slots ({@link io.s64.limits.SearchSlots}, 5 by default).
 *
 * <p>Both are small interfaces on purpose: one process uses the local implementations here; several
 * replicas sharing one key can put a distributed implementation (a Bucket4j Redis back end, a
 * Redis lease semaphore) behind the same two interfaces. Waiting is always a composed, cancellable
 * signal, never a parked thread.
 */
@NullMarked
package io.s64.limits;

import org.jspecify.annotations.NullMarked;

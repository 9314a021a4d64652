package io.s64.limits;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a {@link RequestBudget}, for progress displays and tests.
 *
 * @param limit requests per window, as configured
 * @param window the window length, as configured
 * @param available requests that could be sent right now: the local tokens, capped by what the
 *     server last said remains in its window
 * @param serverRemaining what the server's window still allows, counting requests in flight, or
 *     null when the server has not said
 * @param serverResetAt when the server's current window ends, or null when unknown
 * @param pausedUntil when sending may resume after a 429, or null when not paused
 * @param inFlight requests granted whose response has not arrived
 * @param waitingSlot callers waiting in the {@link Lane#SLOT} lane
 * @param waitingContinuation callers waiting in the {@link Lane#CONTINUATION} lane
 * @param waitingBulk callers waiting in the {@link Lane#BULK} lane
 * @param granted requests granted since the budget was created
 * @param rateLimited 429 responses that meant the window was spent
 * @param slotsBusy 429 responses that meant all deep-search slots were busy
 */
public record BudgetState(
    long limit,
    Duration window,
    long available,
    @Nullable Long serverRemaining,
    @Nullable Instant serverResetAt,
    @Nullable Instant pausedUntil,
    int inFlight,
    int waitingSlot,
    int waitingContinuation,
    int waitingBulk,
    long granted,
    long rateLimited,
    long slotsBusy) {}

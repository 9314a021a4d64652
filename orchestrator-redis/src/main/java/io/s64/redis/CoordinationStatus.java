package io.s64.redis;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What Redis holds for a key right now, for status displays ({@code s64 queue status}).
 *
 * @param slots the organization's slots, as configured
 * @param leases the slots held, and by whom
 * @param tokens tokens in the shared bucket
 * @param windowAllowance what the server's current window still allows, counting requests in
 *     flight; null when unknown
 * @param windowEnd when the server's current window ends; null when unknown
 * @param inFlight requests granted by any process and not yet answered
 * @param pausedUntil when sending may resume after a 429; null when not paused
 */
public record CoordinationStatus(
    int slots,
    List<Lease> leases,
    long tokens,
    @Nullable Long windowAllowance,
    @Nullable Instant windowEnd,
    long inFlight,
    @Nullable Instant pausedUntil) {

  /**
   * A held slot.
   *
   * @param holder the process holding it (see {@link RedisCoordination.Builder#holder})
   * @param taskId the search it runs; null before its start was answered
   * @param token its fencing token
   * @param deadline when it is adopted unless renewed
   */
  public record Lease(String holder, @Nullable String taskId, long token, Instant deadline) {}
}

package io.s64.emulator.workflow;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A run as of one instant: what live status and the run list show.
 *
 * @param status queued, running, completed, failed or cancelled
 * @param blocks each block's state, in execution order
 * @param current the index of the running block, or -1
 * @param completedBlocks blocks completed
 * @param progress overall progress, 0 to 100
 * @param startedAt when the first block started, or null while queued
 * @param completedAt when the run ended, or null
 * @param lastUpdated the last change of state (frozen while stalled)
 * @param error the failed block's error message, or null
 */
record RunView(String status, List<BlockView> blocks, int current, int completedBlocks,
    double progress, @Nullable Instant startedAt, @Nullable Instant completedAt,
    Instant lastUpdated, @Nullable String error) {

  boolean terminal() {
    return !status.equals("queued") && !status.equals("running");
  }

  /**
   * One block as of the view's instant.
   *
   * @param status pending, running, completed, failed or cancelled
   * @param processed rows processed
   * @param total rows to process
   * @param rowCount rows produced so far
   * @param startedAt when it started, or null
   * @param completedAt when it ended, or null
   * @param error its error message when it failed
   */
  record BlockView(String status, long processed, long total, long rowCount,
      @Nullable Instant startedAt, @Nullable Instant completedAt, @Nullable String error) {
    double progress() {
      if (status.equals("completed")) {
        return 100.0;
      }
      return total == 0 ? 0.0 : Math.floor(1000.0 * processed / total) / 10.0;
    }
  }
}

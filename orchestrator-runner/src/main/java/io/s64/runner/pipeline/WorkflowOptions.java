package io.s64.runner.pipeline;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The workflow settings of a run.
 *
 * @param workflowId for {@code s64 workflow run}: the workflow the rows of INPUT go through, one
 *     job per chunk; null for {@code s64 run}, whose workflow lines name their own
 * @param rowsPerRun the most rows one workflow run takes ({@code s64 workflow run})
 * @param saveJson start runs with {@code save_json=true} ({@code s64 workflow run})
 * @param stallTimeout how long a run may show no progress before it is cancelled
 * @param retryStalled start one fresh run in place of a stalled one instead of failing its job
 * @param cancelOnExit cancel the runs in flight when the run is interrupted, instead of leaving
 *     them going for {@code --resume}
 */
public record WorkflowOptions(@Nullable String workflowId, int rowsPerRun, boolean saveJson,
    Duration stallTimeout, boolean retryStalled, boolean cancelOnExit) {

  /** No workflow of its own; stalls after 30 min fail the job; runs go on after an interrupt. */
  public static WorkflowOptions defaults() {
    return new WorkflowOptions(null, 500, false, Duration.ofMinutes(30), false, false);
  }
}

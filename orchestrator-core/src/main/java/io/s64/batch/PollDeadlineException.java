package io.s64.batch;

import java.time.Duration;

/** A task did not reach a terminal status before the poll schedule's deadline. */
final class PollDeadlineException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  PollDeadlineException(String taskId, Duration deadline) {
    super("no terminal status for task " + taskId + " within " + deadline
        + "; the task id is kept so a later run can re-attach", null, false, false);
  }
}

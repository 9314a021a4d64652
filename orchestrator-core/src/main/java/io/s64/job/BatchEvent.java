package io.s64.job;

import io.s64.limits.RequestBudget;
import org.jspecify.annotations.Nullable;

/**
 * What happens in a batch, as it happens: for progress displays ({@link io.s64.batch.Batch#events()}) and for
 * the {@link Journal} that makes a run resumable.
 */
public sealed interface BatchEvent {

  /** The job's id; null for {@link Snapshot}s. */
  @Nullable String jobId();

  /**
   * The batch took a job. For a deep search, {@code searchId} is the id every start attempt will
   * carry: journal it before the first start, and a resumed run can never pay twice.
   */
  record Admitted(String jobId, Job.Kind kind, @Nullable String searchId) implements BatchEvent {}

  /**
   * The server acknowledged a deep search, an export, an enrichment job or a workflow run: poll
   * {@code taskId} to re-attach. For a workflow run, {@code run} says which of the job's runs it
   * is; a resumed job re-attaches to that run by its id and sends no start for it.
   */
  record Started(String jobId, String taskId, @Nullable String searchId, @Nullable RunSlot run)
      implements BatchEvent {
    /** A task that is not a workflow run. */
    public Started(String jobId, String taskId, @Nullable String searchId) {
      this(jobId, taskId, searchId, null);
    }
  }

  /**
   * Which run of a workflow job a run id is: its index in the job (0 for the first
   * {@code rowsPerRun} rows) and the attempt (1 for the replacement of a stalled run, else 0).
   */
  record RunSlot(int index, int attempt) {
    public RunSlot {
      if (index < 0 || attempt < 0) {
        throw new IllegalArgumentException("run " + index + " attempt " + attempt);
      }
    }
  }

  /**
   * A status poll of a task, with the server's progress: its text, its phase counter and the
   * number of iterations it reported so far (0 when it reported none, as for enrichment jobs). The
   * poll that sees the terminal status is one too.
   */
  record Polled(String jobId, String taskId, String status, @Nullable String progressMessage,
      @Nullable Integer currentPhase, int iterations) implements BatchEvent {}

  /**
   * A live-status poll of a workflow run: its status, the block running now and that block's
   * percentage, the run's overall percentage, and the rows its blocks processed so far.
   */
  record RunPolled(String jobId, String runId, String status, @Nullable String currentBlock,
      double blockPercent, double overallPercent, long processed) implements BatchEvent {}

  /** The task reached a terminal status; its slot is free again. */
  record Terminal(String jobId, String taskId, String status, @Nullable String searchId,
      @Nullable String resourceHandleId, @Nullable String error) implements BatchEvent {}

  /**
   * Rows up to here are in the sink. Resume from {@code cursor} (query pages) or {@code byteOffset}
   * (CSV downloads), with {@code rowsSoFar} rows already delivered; {@code last} when nothing
   * follows.
   */
  record Committed(String jobId, @Nullable String searchId, @Nullable String cursor, long byteOffset,
      long rowsSoFar, int rowsInPage, boolean last) implements BatchEvent {}

  /** The job's outcome. */
  record Finished(Outcome outcome) implements BatchEvent {
    @Override
    public String jobId() {
      return outcome.jobId();
    }
  }

  /** A periodic picture of the shared resources, for progress displays. */
  record Snapshot(int slotsInUse, int slotCapacity, int slotsWaiting, RequestBudget.State budget, long retries)
      implements BatchEvent {
    @Override
    public @Nullable String jobId() {
      return null;
    }
  }
}

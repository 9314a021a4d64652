package io.s64.emulator.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One workflow run. Its rows are computed when it starts; its progress is computed from the clock
 * when asked: after a queued phase ({@code min(1s, total / 10)}) the blocks run one after the
 * other, each taking {@code --workflow-row-time} per row it receives. A fault stops it partway
 * through one block. Only the cancellation and the served mark change after creation.
 */
final class WorkflowRun {
  private static final Duration MAX_QUEUED = Duration.ofSeconds(1);

  final String jobId;
  final String workflowId;
  final String workflowName;
  final List<Step> steps;
  final boolean saveJson;
  final Set<String> resultFormats;
  final Instant createdAt;
  /** Rows each block receives and produces. */
  private final long[] in;
  private final long[] out;
  private final List<ObjectNode> results;
  private final long rowNanos;
  private final Instant queuedUntil;
  private final @Nullable RunFault fault;
  private @Nullable Instant cancelledAt;
  private boolean served;

  WorkflowRun(String jobId, Workflow workflow, List<List<ObjectNode>> blockRows,
      int payloadRows, boolean saveJson, Set<String> resultFormats, Instant now, Duration rowTime,
      @Nullable RunFault fault) {
    this.jobId = jobId;
    this.workflowId = workflow.id();
    this.workflowName = workflow.name();
    this.steps = workflow.graph().steps();
    this.saveJson = saveJson;
    this.resultFormats = Set.copyOf(resultFormats);
    this.createdAt = now;
    this.in = new long[steps.size()];
    this.out = new long[steps.size()];
    long previous = payloadRows;
    for (int i = 0; i < steps.size(); i++) {
      in[i] = previous;
      out[i] = blockRows.get(i).size();
      previous = out[i];
    }
    this.results = List.copyOf(blockRows.get(blockRows.size() - 1));
    this.rowNanos = rowTime.toNanos();
    this.fault = fault;
    Duration queued = Duration.ofNanos(start(steps.size()) / 10);
    this.queuedUntil = now.plus(queued.compareTo(MAX_QUEUED) > 0 ? MAX_QUEUED : queued);
  }

  /** Rows sent in. */
  long rowsIn() {
    return in[0];
  }

  /** The rows of the last block: the run's results. */
  List<ObjectNode> results() {
    return results;
  }

  /** Cancels the run unless it has ended by {@code now}; true when it was cancelled now. */
  synchronized boolean cancel(Instant now) {
    if (cancelledAt != null || view(now).terminal()) {
      return false;
    }
    cancelledAt = now;
    return true;
  }

  /** Marks the results served; true the first time. */
  synchronized boolean markServed() {
    boolean first = !served;
    served = true;
    return first;
  }

  /** The run as of {@code now}. */
  synchronized RunView view(Instant now) {
    boolean cancelled = cancelledAt != null && !now.isBefore(cancelledAt);
    Instant at = cancelled ? cancelledAt : now;
    int n = steps.size();
    List<RunView.BlockView> blocks = new ArrayList<>(n);
    if (at.isBefore(queuedUntil)) {
      for (int i = 0; i < n; i++) {
        blocks.add(new RunView.BlockView("pending", 0, in[i], 0, null, null, null));
      }
      return new RunView(cancelled ? "cancelled" : "queued", blocks, -1, 0, 0, null,
          cancelled ? at : null, at, null);
    }
    long total = start(n);
    long stop = fault == null ? total : start(fault.block()) + (long) (fault.fraction()
        * nanos(fault.block()));
    long elapsed = Math.min(Duration.between(queuedUntil, at).toNanos(), stop);
    boolean failed = fault != null && fault.failed() && elapsed >= stop;
    boolean stalled = fault != null && !fault.failed() && elapsed >= stop;
    boolean done = fault == null && elapsed >= total;
    int current = -1;
    int completed = 0;
    String error = null;
    for (int i = 0; i < n; i++) {
      long begin = start(i);
      Instant started = queuedUntil.plusNanos(begin);
      boolean beforeFault = fault == null || i < fault.block();
      if (beforeFault && elapsed >= begin + nanos(i)) {
        completed++;
        blocks.add(new RunView.BlockView("completed", in[i], in[i], out[i], started,
            queuedUntil.plusNanos(begin + nanos(i)), null));
      } else if (elapsed >= begin && (fault == null || i <= fault.block())) {
        long processed = rowNanos == 0 ? in[i] : Math.min(in[i], (elapsed - begin) / rowNanos);
        long produced = in[i] == 0 ? 0 : out[i] * processed / in[i];
        String status = failed ? "failed" : cancelled ? "cancelled" : "running";
        if (failed) {
          error = steps.get(i).kind().wire() + " failed after " + processed + " of " + in[i]
              + " rows: " + fault.reason();
        }
        current = i;
        blocks.add(new RunView.BlockView(status, processed, in[i], produced, started,
            failed || cancelled ? queuedUntil.plusNanos(elapsed) : null, failed ? error : null));
      } else {
        blocks.add(new RunView.BlockView("pending", 0, in[i], 0, null, null, null));
      }
    }
    Instant last = queuedUntil.plusNanos(elapsed);
    String status = cancelled ? "cancelled" : failed ? "failed" : done ? "completed" : "running";
    double fraction = current < 0 ? 0 : blocks.get(current).progress() / 100.0;
    double progress = done ? 100.0
        : Math.floor(1000.0 * (completed + fraction) / n) / 10.0;
    Instant end = cancelled ? at : failed || done ? last : null;
    return new RunView(status, blocks, done ? -1 : current, completed, progress,
        queuedUntil, end, stalled || end != null ? last : at, error);
  }

  /** The offset, from the end of the queue, at which block {@code i} starts. */
  private long start(int i) {
    long sum = 0;
    for (int j = 0; j < i; j++) {
      sum += nanos(j);
    }
    return sum;
  }

  private long nanos(int i) {
    return rowNanos * in[i];
  }
}

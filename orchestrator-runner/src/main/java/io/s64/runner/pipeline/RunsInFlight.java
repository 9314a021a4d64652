package io.s64.runner.pipeline;

import io.s64.job.BatchEvent;
import io.s64.job.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The workflow runs this process started (or re-attached to) that have not been seen to end, from
 * the batch's events: what {@code --cancel-on-exit} cancels when the run is interrupted.
 */
final class RunsInFlight {
  private final Set<String> workflowJobs = ConcurrentHashMap.newKeySet();
  private final Map<String, String> runs = new ConcurrentHashMap<>();

  void on(BatchEvent event) {
    if (event instanceof BatchEvent.Admitted a && a.kind() == Job.Kind.WORKFLOW) {
      workflowJobs.add(a.jobId());
    } else if (event instanceof BatchEvent.Started s && workflowJobs.contains(s.jobId())) {
      runs.put(s.taskId(), s.jobId());
    } else if (event instanceof BatchEvent.Terminal t) {
      runs.remove(t.taskId());
    } else if (event instanceof BatchEvent.Finished f && workflowJobs.remove(f.jobId())) {
      runs.values().removeIf(job -> job.equals(f.jobId()));
    }
  }

  /** The run ids in flight now. */
  List<String> runs() {
    return new ArrayList<>(runs.keySet());
  }
}

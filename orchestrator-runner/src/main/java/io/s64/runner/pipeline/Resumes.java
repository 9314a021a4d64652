package io.s64.runner.pipeline;

import io.s64.runner.resume.ResumeState;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the state of the run being resumed and checks that this run continues it: the same input
 * (else exit 2); the options that shape jobs are compared and a change is reported.
 */
final class Resumes {
  private Resumes() {}

  /** The options recorded in the journal's header. */
  static Map<String, Object> headerOptions(RunOptions o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mode", o.defaults().mode() == null ? null : o.defaults().mode().wire());
    m.put("max_results", o.defaults().maxResults());
    m.put("page_size", o.defaults().pageSize());
    m.put("results", o.csvResults() ? "csv" : "query");
    m.put("emulator", o.emulator());
    if (o.workflow().workflowId() != null) {
      m.put("workflow_id", o.workflow().workflowId());
      m.put("rows_per_run", o.workflow().rowsPerRun());
    }
    return m;
  }

  /** Loads the earlier run's state, adding what the user should know to {@code notes}. Blocking. */
  static ResumeState load(OutDir out, String input, RunOptions o, List<String> notes) {
    ResumeState state;
    try {
      state = ResumeState.load(out.outcomes(), out.journal(), out.results());
    } catch (IOException | RuntimeException e) {
      throw new UsageException("--resume: the run in --out '" + out.dir() + "' cannot be read: "
          + e.getMessage());
    }
    String earlier = state.earlierInput();
    if (earlier != null && !earlier.equals(input)) {
      throw new UsageException("--resume: --out '" + out.dir() + "' holds a run of INPUT '" + earlier
          + "' but this run reads '" + input + "'; use the same INPUT, or another --out");
    }
    Map<String, String> before = state.earlierOptions();
    headerOptions(o).forEach((name, value) -> {
      String now = String.valueOf(value);
      if (before.containsKey(name) && !Objects.equals(before.get(name), now)) {
        notes.add("warning: option " + name + " was " + before.get(name) + " in the run being"
            + " resumed and is " + now + " now");
      }
    });
    notes.addAll(state.notes());
    notes.add("resuming: " + state.keptJobs() + " job" + (state.keptJobs() == 1 ? "" : "s")
        + " already finished");
    return state;
  }
}

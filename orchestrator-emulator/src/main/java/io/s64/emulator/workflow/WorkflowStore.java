package io.s64.emulator.workflow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The organization's workflow definitions (every key of the emulator is one organization), the
 * demo workflows first. Deleting a workflow keeps its runs. Thread-safe.
 */
final class WorkflowStore {
  private final Map<String, Workflow> byId = new LinkedHashMap<>();

  WorkflowStore(Instant now) {
    for (Workflow demo : Demos.all(now)) {
      byId.put(demo.id(), demo);
    }
  }

  synchronized List<Workflow> list() {
    return new ArrayList<>(byId.values());
  }

  synchronized @Nullable Workflow get(String id) {
    return byId.get(id);
  }

  /** Stores {@code workflow} unless its id is taken; false when it is. */
  synchronized boolean create(Workflow workflow) {
    return byId.putIfAbsent(workflow.id(), workflow) == null;
  }

  synchronized void put(Workflow workflow) {
    byId.put(workflow.id(), workflow);
  }

  synchronized @Nullable Workflow delete(String id) {
    return byId.remove(id);
  }

  /** Records a run's start on its workflow, if it still exists. */
  synchronized void ran(String id, Instant at) {
    Workflow workflow = byId.get(id);
    if (workflow != null) {
      byId.put(id, workflow.withLastRun(at));
    }
  }
}

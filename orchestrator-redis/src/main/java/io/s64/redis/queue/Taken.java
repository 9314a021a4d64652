package io.s64.redis.queue;

import io.s64.job.Job;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A job a worker took from the queue: its stream entry, its text, and where an earlier worker left
 * it (its checkpoint, the keys of the rows already delivered, and the epoch that now fences it).
 */
record Taken(String entryId, String jobId, String text, long epoch, long seq, Job.Progress progress,
    Set<String> deliveredKeys) {

  /** From one element of the TAKE script's answer. */
  @SuppressWarnings("unchecked")
  static Taken of(List<Object> e) {
    List<Object> flat = (List<Object>) e.get(3);
    Map<String, String> cp = new java.util.HashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      cp.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
    }
    Set<String> keys = new java.util.HashSet<>();
    for (Object k : (List<Object>) e.get(4)) {
      keys.add(String.valueOf(k));
    }
    return new Taken(String.valueOf(e.get(0)), String.valueOf(e.get(1)), String.valueOf(e.get(2)),
        number(cp, "epoch"), number(cp, "seq"), progress(cp), keys);
  }

  /** Whether a worker wrote anything for this job before. */
  boolean resumed() {
    return seq > 0;
  }

  private static Job.Progress progress(Map<String, String> cp) {
    return new Job.Progress("1".equals(cp.get("admitted")), text(cp, "search_id"),
        text(cp, "task_id"), text(cp, "terminal"), text(cp, "resource_handle_id"),
        text(cp, "cursor"), number(cp, "byte_offset"), number(cp, "rows"),
        "1".equals(cp.get("complete")), Map.of()); // workflow runs re-attach by their key
  }

  private static @Nullable String text(Map<String, String> cp, String field) {
    String v = cp.get(field);
    return v == null || v.isEmpty() ? null : v;
  }

  private static long number(Map<String, String> cp, String field) {
    String v = cp.get(field);
    return v == null || v.isEmpty() ? 0 : Long.parseLong(v);
  }
}

package io.s64.runner.resume;

import io.s64.job.Job;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Where an unfinished job stood, from the journal and the rows already in results.jsonl. */
final class JobProgress {
  @Nullable String kind;
  @Nullable String searchId;
  @Nullable String taskId;
  @Nullable String cursor;
  long offset;
  boolean last;
  final Set<String> keys = new HashSet<>();

  void searchId(@Nullable String id) {
    if (id != null) {
      searchId = id;
    }
  }

  Job.Resume toResume() {
    return new Job.Resume(searchId, taskId, cursor, offset, keys.size(), keys, last, kind != null);
  }
}

package io.s64.runner.resume;

import io.s64.job.BatchEvent;
import io.s64.job.Job;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where an unfinished job stood: its {@link Job.Progress}, replayed from the journal's events (the
 * same value the batch advanced as the job ran), and the keys of the rows already in
 * results.jsonl.
 */
final class JobProgress {
  /** The kind the job was admitted as, or null when it never was. */
  Job.@Nullable Kind kind;
  Job.Progress progress = Job.Progress.NONE;
  final Set<String> keys = new HashSet<>();

  /** Replays one event of the journal. */
  void apply(BatchEvent event) {
    if (event instanceof BatchEvent.Admitted a) {
      kind = a.kind();
    }
    progress = progress.apply(event);
  }

  Job.Resume toResume() {
    return new Job.Resume(progress.withRows(keys.size()), keys);
  }
}

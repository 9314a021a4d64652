package io.s64.batch;

import io.s64.job.Job;
import io.s64.job.Outcome;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * How one kind of job runs, from admission to its outcome. A flow owns its steps (start, poll,
 * read, download) and is given its collaborators once, when a run is built; it reads and changes
 * the job's state only through the job's {@link JobTracker}, by recording events. A flow never
 * calls another kind's flow: steps two kinds share (polling, reading pages or a CSV file) are
 * collaborators of both.
 *
 * @param <J> the kind of job
 */
interface Flow<J extends Job> {

  /**
   * What makes two jobs of this kind ask for the same thing (the request, normalised; never the
   * job id), or null when a job of this kind is never a duplicate of another.
   */
  @Nullable String dedupKey(J job);

  /** Runs the job to its outcome. Errors are turned into outcomes by the pipeline. */
  Mono<Outcome> run(J job, JobTracker tracker);
}

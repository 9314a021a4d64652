package io.s64.batch;

import io.s64.job.Job;
import io.s64.job.Outcome;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/** Input that could not become a job: it ends {@code invalid}, in order with the rest, at once. */
final class InvalidFlow implements Flow<Job.Invalid> {

  @Override
  public @Nullable String dedupKey(Job.Invalid job) {
    return null;
  }

  @Override
  public Mono<Outcome> run(Job.Invalid job, JobTracker tracker) {
    return Mono.fromSupplier(() -> tracker.invalid(job.problem()));
  }
}

package io.s64.batch;

import io.s64.job.Job;
import io.s64.job.Outcome;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The flow of each kind of job in a run: one registration per kind. Adding a kind of job means a
 * record in {@link Job}, a {@link Flow}, and one line where a run's flows are registered ({@link
 * Pipeline}); no other flow changes.
 */
final class Flows {
  /** A kind and its flow, typed together so that a job is handed over as its own kind. */
  private record Entry<J extends Job>(Class<J> kind, Flow<J> flow) {
    @Nullable String dedupKey(Job job) {
      return flow.dedupKey(kind.cast(job));
    }

    Mono<Outcome> run(Job job, JobTracker tracker) {
      return flow.run(kind.cast(job), tracker);
    }
  }

  private final Map<Class<?>, Entry<?>> byKind = new HashMap<>();

  /** Registers the flow of one kind of job. */
  <J extends Job> Flows register(Class<J> kind, Flow<J> flow) {
    if (byKind.putIfAbsent(kind, new Entry<>(kind, flow)) != null) {
      throw new IllegalStateException("a flow for " + kind.getSimpleName() + " is registered already");
    }
    return this;
  }

  /** The dedup key of a job, from its kind's flow. */
  @Nullable String dedupKey(Job job) {
    return entry(job).dedupKey(job);
  }

  /** Runs a job with its kind's flow. */
  Mono<Outcome> run(Job job, JobTracker tracker) {
    return entry(job).run(job, tracker);
  }

  private Entry<?> entry(Job job) {
    Entry<?> e = byKind.get(job.getClass());
    if (e == null) {
      throw new IllegalStateException("no flow is registered for " + job.getClass().getSimpleName());
    }
    return e;
  }
}

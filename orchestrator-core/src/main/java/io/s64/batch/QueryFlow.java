package io.s64.batch;

import io.s64.job.BatchEvent;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.model.QueryRequest;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A query answered page by page: a filter or natural-language query, or the results of an
 * existing search read again by its search id. No slot is held.
 *
 * @param <J> {@link Job.Filter} or {@link Job.Requery}
 */
final class QueryFlow<J extends Job> implements Flow<J> {
  private final Function<J, QueryRequest> request;
  private final PageReader pages;

  /** @param request the job's query */
  QueryFlow(Function<J, QueryRequest> request, PageReader pages) {
    this.request = request;
    this.pages = pages;
  }

  @Override
  public @Nullable String dedupKey(J job) {
    return DedupKeys.query(request.apply(job));
  }

  @Override
  public Mono<Outcome> run(J job, JobTracker tracker) {
    if (tracker.progress().complete()) {
      return Mono.fromSupplier(tracker::completed);
    }
    return tracker.record(new BatchEvent.Admitted(job.id(), job.kind(), tracker.progress().searchId()))
        .then(pages.read(tracker, request.apply(job)));
  }
}

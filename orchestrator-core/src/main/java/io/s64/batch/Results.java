package io.s64.batch;

import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.model.DeepSearchRequest;
import io.s64.model.QueryRequest;
import io.s64.model.SearchStatus;
import reactor.core.publisher.Mono;

/** Reads the results of a search that reached a terminal status: query pages or the CSV file. */
final class Results {
  private Results() {}

  static Mono<Outcome> read(Run run, JobRun jr, SearchStatus terminal, int maxResults) {
    if (terminal.state() == SearchStatus.State.FAILED) {
      String error = terminal.error() == null || terminal.error().isBlank()
          ? "the search failed and the server gave no reason" : terminal.error();
      return Mono.fromSupplier(() -> jr.searchFailed(error, run.now()));
    }
    Job.Resume resume = jr.job.resume();
    if (resume != null && resume.complete()) {
      return Mono.fromSupplier(() -> jr.completed(run.now()));
    }
    String rh = terminal.resourceHandleId();
    if (run.settings.csvResults() && rh != null) {
      return CsvReader.read(run, jr, rh);
    }
    QueryRequest first = QueryRequest.searchId(jr.searchId).withPageSize(run.settings.pageSize())
        .withMaxResults(maxResults);
    if (jr.job instanceof Job.DeepSearch search) {
      DeepSearchRequest deep = search.request();
      // Reading by search_id replays the query's shape only: the exclusions go again.
      first = first.withExclusions(deep.excludePublicIds(), deep.excludeEntityIds(), deep.excludeListIds());
    }
    return PageReader.read(run, jr, first);
  }
}

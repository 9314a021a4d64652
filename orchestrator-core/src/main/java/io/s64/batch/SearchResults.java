package io.s64.batch;

import io.s64.job.Outcome;
import io.s64.model.DeepSearchRequest;
import io.s64.model.QueryRequest;
import io.s64.model.SearchStatus;
import reactor.core.publisher.Mono;

/**
 * Reads the results of a deep search that reached a terminal status: query pages by its search id
 * (the default), or its CSV file when the batch asks for files and the search has one.
 */
final class SearchResults {
  private final PageReader pages;
  private final CsvReader csv;
  private final int pageSize;
  private final boolean preferCsv;

  SearchResults(PageReader pages, CsvReader csv, int pageSize, boolean preferCsv) {
    this.pages = pages;
    this.csv = csv;
    this.pageSize = pageSize;
    this.preferCsv = preferCsv;
  }

  /** The outcome of reading a terminal search's results (a failed search fails the job). */
  Mono<Outcome> read(JobTracker job, SearchStatus terminal, DeepSearchRequest asked) {
    if (terminal.state() == SearchStatus.State.FAILED) {
      String error = terminal.error() == null || terminal.error().isBlank()
          ? "the search failed and the server gave no reason" : terminal.error();
      return Mono.fromSupplier(() -> job.searchFailed(error));
    }
    if (job.progress().complete()) {
      return Mono.fromSupplier(job::completed);
    }
    String rh = terminal.resourceHandleId();
    if (preferCsv && rh != null) {
      return csv.read(job, rh);
    }
    // Reading by search_id replays the query's shape only: the exclusions go again.
    QueryRequest first = QueryRequest.searchId(job.progress().searchId()).withPageSize(pageSize)
        .withMaxResults(asked.maxResults())
        .withExclusions(asked.excludePublicIds(), asked.excludeEntityIds(), asked.excludeListIds());
    return pages.read(job, first);
  }
}

package io.s64.examples;

import io.s64.Sixtyfour;
import io.s64.batch.Batch;
import io.s64.sink.RowSink;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.model.DeepSearchRequest;
import io.s64.model.DeepSearchRequest.Mode;
import io.s64.model.QueryRequest;
import io.s64.model.Row;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The README's "Use as a library" examples, kept here so they compile and run (see
 * LibraryExampleTest). Each README:begin/README:end region is one java block of README.md, in
 * order; ReadmeExamplesTest fails when the two differ, so copy a change to the other side.
 */
final class LibraryExample {
  private LibraryExample() {}

  // README:begin client
  static Flux<Row> companiesInGermany(String apiKey, String baseUrl) {
    Sixtyfour api = Sixtyfour.builder()
        .apiKey(apiKey)
        .baseUrl(baseUrl) // default: https://api.sixtyfour.ai
        .build();
    QueryRequest query = QueryRequest.simpleFilters(Map.of("hq_country_iso2", Map.of("$eq", "DE")))
        .withMode(Mode.COMPANY)
        .withPageSize(100);
    return api.rows(query); // pages with expand until has_more is false
  }
  // README:end client

  // README:begin batch
  static Mono<List<Outcome>> prospect(Sixtyfour api, List<String> queries) {
    Batch batch = Batch.builder(api).build(); // 5 slots, 500 requests/min, the docs' poll budget
    RowSink.InMemory rows = RowSink.inMemory(); // or RowSink.jsonLines(Path.of("results.jsonl"))
    Flux<Job> jobs = Flux.fromIterable(queries)
        .index()
        .map(q -> Job.deep("q" + q.getT1(), DeepSearchRequest.of(q.getT2()).withMaxResults(200)));
    return batch.run(jobs, rows) // one Outcome per job, as each finishes
        .doOnNext(o -> System.out.println(o.jobId() + " " + o.status() + " " + o.rows() + " rows"))
        .collectList();
  }
  // README:end batch

  // README:begin workflow
  static Mono<Outcome> enrichLeads(Sixtyfour api, String workflowId, List<Map<String, ?>> leads,
      RowSink rows) {
    Batch batch = Batch.builder(api)
        .stallTimeout(Duration.ofMinutes(30)) // cancel a run without progress, fail it STALLED
        .build();
    // Runs of at most 500 rows, each started once (an Idempotency-Key per run), live status every
    // 5-10 s, result rows with _run_id.
    Job job = Job.workflow("leads", workflowId, leads, 500, false);
    return batch.run(Flux.just(job), rows).single();
  }
  // README:end workflow
}

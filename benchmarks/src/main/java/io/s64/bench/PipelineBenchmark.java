package io.s64.bench;

import io.s64.Sixtyfour;
import io.s64.batch.Batch;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.sink.RowSink;
import io.s64.model.QueryRequest;
import io.s64.model.SearchStatus;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * P4 pipeline overhead: deep searches per second through the whole pipeline ({@link Batch#run}:
 * admission, dedup, slots, start, poll, terminal, paging, sink, outcome) on an {@link InMemoryApi}
 * (no sockets; terminal on the first poll; 2 pages of 10 rows each), with the waits that protect
 * the real API set to zero and slots raised to 256 ({@link Pipelines}). Target ≥ 20,000
 * searches/s on 2 cores.
 *
 * <p>Baseline from the same run: {@link #handWrittenChain}, the same four requests per search
 * through the same client methods ({@code startDeepSearch}, {@code searchStatus} until terminal,
 * {@code pages}) in a plain {@code flatMap} with the same concurrency, without the pipeline's
 * bookkeeping. The ratio says what the pipeline costs on top of the client; {@code slots=5} shows
 * the pipeline at the API's real slot count.
 *
 * <p>One invocation runs {@value #JOBS} jobs from one JMH thread; the pipeline's own concurrency
 * (256 jobs in progress) spreads the work over Reactor's parallel scheduler.
 *
 * <p>Run it alone (after {@code mvn -pl benchmarks package}):
 * <pre>{@code java -jar benchmarks/target/benchmarks.jar PipelineBenchmark}</pre>
 * Add {@code -prof gc} for allocation per search.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 6, time = 5)
@Measurement(iterations = 5, time = 5)
public class PipelineBenchmark {
  /** Jobs per invocation. */
  static final int JOBS = 10_000;
  /** Rows of every search of {@link InMemoryApi}: two pages. */
  static final long ROWS_PER_SEARCH = 2L * InMemoryApi.ROWS_PER_PAGE;

  /** The s64 pipeline. */
  @State(Scope.Benchmark)
  public static class Pipeline {
    /** The client's slots: 256 (the overhead figure) or 5 (the API's real count). */
    @Param({"256", "5"})
    public int slots;

    int jobs = JOBS;
    InMemoryApi api;
    Batch batch;
    List<Job.DeepSearch> work;

    /** Builds the client, the batch and the jobs. */
    @Setup(Level.Trial)
    public void setUp() {
      api = new InMemoryApi();
      batch = Pipelines.batch(Pipelines.client(api, slots));
      work = LongStream.range(0, jobs).mapToObj(Pipelines::job).collect(Collectors.toList());
    }
  }

  /** The same client without the pipeline. */
  @State(Scope.Benchmark)
  public static class Chain {
    int jobs = JOBS;
    InMemoryApi api;
    Sixtyfour client;
    List<Job.DeepSearch> work;

    /** Builds the client and the jobs. */
    @Setup(Level.Trial)
    public void setUp() {
      api = new InMemoryApi();
      client = Pipelines.client(api, Pipelines.SLOTS);
      work = LongStream.range(0, jobs).mapToObj(Pipelines::job).collect(Collectors.toList());
    }
  }

  /**
   * s64: every job through {@link Batch#run} into a discarding sink; returns the completed
   * outcomes. An invocation where any job ends otherwise fails the benchmark, so the score counts
   * completed searches only.
   */
  @Benchmark
  @OperationsPerInvocation(JOBS)
  public long batchRun(Pipeline p) {
    long completed = Objects.requireNonNull(p.batch.run(Flux.fromIterable(p.work), RowSink.discarding())
        .filter(o -> o.status() == Outcome.Status.COMPLETED && o.rows() == ROWS_PER_SEARCH)
        .count().block(Duration.ofMinutes(1)));
    if (completed != p.jobs) {
      throw new IllegalStateException(completed + " of " + p.jobs + " jobs completed with all rows");
    }
    return completed;
  }

  /**
   * Baseline: start, poll until terminal, read the pages, in a plain flatMap; returns the rows. An
   * invocation that reads fewer rows than every search has fails the benchmark.
   */
  @Benchmark
  @OperationsPerInvocation(JOBS)
  public long handWrittenChain(Chain c) {
    Sixtyfour client = c.client;
    long rows = Objects.requireNonNull(Flux.fromIterable(c.work)
        .flatMap(job -> client.startDeepSearch(job.request())
            .flatMap(task -> Mono.defer(() -> client.searchStatus(task.taskId()))
                .repeat().takeUntil(SearchStatus::isTerminal).last()
                .flatMap(status -> client.pages(QueryRequest.searchId(task.searchId())
                    .withPageSize(100)).map(page -> (long) page.rows().size())
                    .reduce(0L, Long::sum))), 256)
        .reduce(0L, Long::sum)
        .block(Duration.ofMinutes(1)));
    if (rows != (long) c.jobs * ROWS_PER_SEARCH) {
      throw new IllegalStateException(rows + " rows read, not " + c.jobs + " × " + ROWS_PER_SEARCH);
    }
    return rows;
  }
}

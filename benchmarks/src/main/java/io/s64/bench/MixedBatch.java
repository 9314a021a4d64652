package io.s64.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s64.Sixtyfour;
import io.s64.batch.Batch;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.sink.RowSink;
import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import io.s64.emulator.EmulatorStats;
import io.s64.emulator.SearchRecord;
import io.s64.model.DeepSearchRequest;
import io.s64.model.DeepSearchRequest.Mode;
import io.s64.model.QueryRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Flux;

/**
 * P2 mixed batch: deep searches and filter queries sharing one key's request budget and the
 * organization's slots. A scenario benchmark against the emulator over loopback HTTP: 30 deep
 * searches (0.5–2 s, results in pages of 100) spread evenly among 1,000 filter jobs of 3 pages
 * each ({@code max_results} 30, {@code page_size} 10), with the rate window scaled down to 100
 * requests per 1 s on both the emulator and the client.
 *
 * <p><b>Figure.</b> No schedule can finish before the larger of two bounds, both computed from
 * the workload alone and the same for s64 and the baseline: the slot bound (the 30 searches'
 * durations list-scheduled on 5 slots with zero overhead, {@link ListSchedule}) and the budget
 * bound (the fewest requests the jobs need — a filter job's pages, a deep search's start, one poll
 * and its pages — at 100 per window: the emulator's windows are fixed, so N requests fill at least
 * ceil(N / 100) windows, and a run whose first request comes at the very end of the first of them
 * and whose last comes at the very start of the last spans at least that many windows minus two,
 * {@link Measurement#budgetBound()}). The figure is that bound ÷ the makespan (the client's
 * wall time from the first job taken to the last outcome), so it cannot exceed 1 and extra
 * requests only lower it. Target ≥ 0.90 with zero 429s caused by the client (emulator {@code
 * rate_limited} and {@code slots_busy} both 0). The {@link DocsLiteralOrchestrator} runs the same
 * jobs in the same order on a fresh emulator with the same seed; its 429s are counted.
 *
 * <p>Run it alone (after {@code mvn -pl benchmarks package}):
 * <pre>{@code java -cp benchmarks/target/benchmarks.jar io.s64.bench.MixedBatch}</pre>
 */
public final class MixedBatch {
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

  /**
   * The workload.
   *
   * @param deep deep searches
   * @param filters filter jobs
   * @param filterPageSize rows per filter page
   * @param filterMaxResults rows per filter job (pages = max results ÷ page size)
   * @param rateLimit requests per window, emulator and client
   * @param rateWindow the window
   * @param minDuration the shortest deep search
   * @param maxDuration the longest deep search
   * @param slots the organization's slots
   * @param seed the emulator seed
   */
  record Settings(int deep, int filters, int filterPageSize, int filterMaxResults, int rateLimit,
      Duration rateWindow, Duration minDuration, Duration maxDuration, int slots, long seed) {

    /** The benchmark: 30 deep + 1,000 filter jobs of 3 pages, 100 requests per 1 s. */
    static Settings docsScaled() {
      return new Settings(30, 1000, 10, 30, 100, Scaled.RATE_WINDOW, Scaled.SEARCH_MIN,
          Scaled.SEARCH_MAX, 5, 64);
    }

    /** The same shape with fewer jobs: for warm-up and smoke tests. */
    Settings tiny(int deepJobs, int filterJobs) {
      return new Settings(deepJobs, filterJobs, filterPageSize, filterMaxResults, rateLimit,
          rateWindow, Duration.ofMillis(100), Duration.ofMillis(300), slots, seed);
    }

    EmulatorConfig emulator() {
      // Every search yields 200 rows: a filter job then always reads its full 3 pages.
      return EmulatorConfig.builder().port(0).seed(seed).slots(slots).results(200)
          .searchDuration(minDuration, maxDuration)
          .rateLimit(rateLimit).rateWindow(rateWindow)
          .build();
    }

    /** Whether job {@code i} of the batch is a deep search: deep jobs are spread evenly. */
    boolean isDeep(int i) {
      int total = deep + filters;
      return deep > 0 && (long) (i + 1) * deep / total != (long) i * deep / total;
    }

    int jobs() {
      return deep + filters;
    }
  }

  /**
   * One measured run.
   *
   * @param elapsed the makespan: first job taken to last outcome, client wall time
   * @param jobs jobs given
   * @param completed distinct jobs completed with all their rows
   * @param rows rows delivered
   * @param rowsOnServer rows the emulator's searches yield, in all
   * @param slotUse the deep searches' slot use
   * @param stats the emulator's counters
   */
  record Measurement(Duration elapsed, int jobs, int completed, long rows, long rowsOnServer,
      SlotUse slotUse, EmulatorStats stats, Settings settings, List<SearchRecord> records) {

    /**
     * The fewest requests the jobs need: each filter job's pages, and each deep search's start,
     * one poll and the pages of its rows (100 a page).
     */
    long fewestRequests() {
      long filterPages = (settings.filterMaxResults() + settings.filterPageSize() - 1)
          / settings.filterPageSize();
      long requests = (long) settings.filters() * filterPages;
      for (SearchRecord r : records) {
        if (r.kind().equals("deep")) {
          requests += 2 + Math.max(1, (r.totalRows() + 99) / 100);
        }
      }
      return requests;
    }

    /** The workload's bound: the larger of the slot bound and the budget bound. */
    Duration bound() {
      Duration slotBound = slotUse.boundMakespan();
      Duration budgetBound = budgetBound();
      return slotBound.compareTo(budgetBound) >= 0 ? slotBound : budgetBound;
    }

    /**
     * The shortest span in which the fewest requests the jobs need fit the server's fixed windows:
     * they fill at least {@code w = ceil(n / limit)} windows, and the first may come at the very end
     * of the first window and the last at the very start of the last, so the span holds at least
     * {@code w - 2} whole windows.
     */
    Duration budgetBound() {
      long windows = (fewestRequests() + settings.rateLimit() - 1) / settings.rateLimit();
      return settings.rateWindow().multipliedBy(Math.max(0, windows - 2));
    }

    /** {@code bound} ÷ makespan: the P2 figure. */
    double efficiency(Duration bound) {
      return (double) bound.toNanos() / elapsed.toNanos();
    }

    boolean everyJobOnce() {
      return completed == jobs && rows == rowsOnServer;
    }

    long tooManyRequests() {
      return stats.rateLimited() + stats.slotsBusy();
    }
  }

  private MixedBatch() {}

  /** Runs the batch through s64's {@link Batch} on its default (learned) poll schedule, scaled. */
  static Measurement s64(Settings s) {
    try (Emulator emulator = Emulator.start(s.emulator())) {
      Sixtyfour api = Clients.against(emulator, s.rateLimit(), s.rateWindow());
      try {
        Batch batch = Batch.builder(api).poll(Scaled.learned()).pageSize(100).build();
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < s.jobs(); i++) {
          jobs.add(s.isDeep(i)
              ? Job.deep("job-" + i, DeepSearchRequest.of(deepQuery(i)))
              : Job.query("job-" + i, QueryRequest.simpleFilters(filter(i)).withMode(Mode.COMPANY)
                  .withPageSize(s.filterPageSize()).withMaxResults(s.filterMaxResults())));
        }
        long start = System.nanoTime();
        List<Outcome> outcomes = Objects.requireNonNull(
            batch.run(Flux.fromIterable(jobs), RowSink.discarding()).collectList().block(RUN_TIMEOUT));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        long completed = outcomes.stream()
            .filter(o -> o.status() == Outcome.Status.COMPLETED)
            .map(Outcome::jobId).distinct().count();
        long rows = outcomes.stream().mapToLong(Outcome::rows).sum();
        return measured(emulator, s, elapsed, (int) completed, rows);
      } finally {
        Clients.close(api);
      }
    }
  }

  /** Runs the batch through the docs-literal baseline. */
  static Measurement docsLiteral(Settings s) {
    try (Emulator emulator = Emulator.start(s.emulator())) {
      BlockingApi api = new BlockingApi(emulator.baseUrl(), Clients.API_KEY, s.rateWindow());
      DocsLiteralOrchestrator baseline = new DocsLiteralOrchestrator(
          api, s.slots(), Scaled.defaultCadence().floor(), 100);
      List<DocsLiteralOrchestrator.Task> tasks = new ArrayList<>();
      for (int i = 0; i < s.jobs(); i++) {
        tasks.add(s.isDeep(i)
            ? DocsLiteralOrchestrator.Task.deep("job-" + i, deepQuery(i))
            : DocsLiteralOrchestrator.Task.filter("job-" + i, BlockingApi.JSON.createObjectNode()
                .<ObjectNode>set("simple_filters",
                    BlockingApi.JSON.valueToTree(filter(i)))
                .put("mode", "company")
                .put("page_size", s.filterPageSize())
                .put("max_results", s.filterMaxResults())));
      }
      DocsLiteralOrchestrator.Result r = baseline.run(tasks);
      return measured(emulator, s, r.elapsed(), r.completed(), r.rows());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String deepQuery(int i) {
    return "Heads of Growth at fintech scale-ups, list " + i;
  }

  private static Map<String, Object> filter(int i) {
    return Map.of("employees_count", Map.of("$gte", i));
  }

  private static Measurement measured(Emulator emulator, Settings s, Duration elapsed,
      int completed, long rows) {
    EmulatorStats stats = emulator.stats();
    long onServer = stats.rowsTotal().values().stream().mapToLong(Long::longValue).sum();
    List<SearchRecord> records = emulator.searches();
    return new Measurement(elapsed, s.jobs(), completed, rows, onServer,
        SlotUse.of(records, s.slots()), stats, s, records);
  }

  /** s64 beside the baseline, after a short warm-up of both: the suite's P2 row. */
  static Figure figure(Settings s) {
    Settings warmUp = s.tiny(3, 20);
    s64(warmUp);
    docsLiteral(warmUp);
    return figure(s64(s), docsLiteral(s));
  }

  static Figure figure(Measurement s64, Measurement base) {
    // One bound for both: the workload's, from the run whose searches the emulator recorded.
    Duration bound = s64.bound();
    double figure = s64.efficiency(bound);
    double baseline = base.efficiency(bound);
    boolean pass = figure >= 0.90 && s64.tooManyRequests() == 0 && s64.everyJobOnce();
    String notes = "bound " + Figure.seconds(bound) + " for both (slots "
        + Figure.seconds(s64.slotUse().boundMakespan()) + ", budget: the jobs need at least "
        + s64.fewestRequests() + " requests; the same durations for both: "
        + s64.slotUse().busy().equals(base.slotUse().busy()) + "); s64: makespan "
        + Figure.seconds(s64.elapsed()) + ", " + s64.stats().acceptedRequests()
        + " requests accepted, 429s " + s64.stats().rateLimited() + " rate + "
        + s64.stats().slotsBusy() + " slots; baseline: makespan " + Figure.seconds(base.elapsed())
        + ", " + base.stats().acceptedRequests() + " requests accepted, 429s "
        + base.stats().rateLimited() + " rate + " + base.stats().slotsBusy()
        + " slots, requests sent during a pause " + base.stats().requestsDuringPause()
        + "; every job once: s64 " + s64.everyJobOnce() + ", baseline " + base.everyJobOnce();
    return new Figure("P2", "mixed batch, workload bound ÷ makespan", Figure.num(figure, 3),
        Figure.num(baseline, 3), Figure.num(figure / baseline, 3), "≥ 0.90, 0 client 429s", pass,
        notes, "1.000");
  }

  /** Runs P2 alone and prints its row. */
  public static void main(String[] args) {
    System.out.println(figure(Settings.docsScaled()).console());
  }
}

package io.s64.bench;

import io.s64.Sixtyfour;
import io.s64.batch.Batch;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.sink.RowSink;
import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import io.s64.emulator.EmulatorStats;
import io.s64.model.DeepSearchRequest;
import io.s64.poll.PollSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import reactor.core.publisher.Flux;

/**
 * P1 slot efficiency: how much of the organization's deep-search slot time a batch of deep
 * searches actually uses. A scenario benchmark (not JMH) against the emulator over real HTTP on
 * loopback: 100 deep searches whose durations come from the emulator's fixed seed, 0.5–2 s (the
 * docs' 30–120 s at 1:60, see {@link Scaled}), 5 slots, results read as pages of 100.
 *
 * <p><b>Figure.</b> Σ server-side search durations ÷ (5 × makespan), from the emulator's own
 * timestamps ({@link SlotUse}): makespan is first {@code createdAt} → last {@code endsAt}. Each
 * run uses a fresh emulator with the same seed, so s64 and the baseline get the same durations in
 * the same order, and {@link ListSchedule} gives the physical bound of those durations.
 *
 * <p><b>Runs.</b> s64 ({@link Batch} with {@link Scaled#defaultCadence()}, then with {@link
 * Scaled#loweredFloor()}) and, beside each, the {@link DocsLiteralOrchestrator} sleeping the same
 * fixed interval (166.7 ms, then 33.3 ms). Targets: ≥ 0.90 at the default cadence, ≥ 0.97 with
 * the lowered floor, both above the baseline.
 *
 * <p>Run it alone (after {@code mvn -pl benchmarks package}):
 * <pre>{@code java -cp benchmarks/target/benchmarks.jar io.s64.bench.SlotEfficiency}</pre>
 */
public final class SlotEfficiency {
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

  /**
   * The workload.
   *
   * @param searches deep searches in the batch
   * @param minDuration the shortest search
   * @param maxDuration the longest search
   * @param slots the organization's slots (the emulator's, the client's, the baseline's workers)
   * @param rateLimit requests per rate window (emulator and client)
   * @param rateWindow the rate window
   * @param pageSize rows per result page
   * @param seed the emulator seed (search durations and rows)
   */
  record Settings(int searches, Duration minDuration, Duration maxDuration, int slots,
      int rateLimit, Duration rateWindow, int pageSize, long seed) {

    /** The benchmark: 100 searches of 0.5–2 s on 5 slots, 500 requests per 1 s, pages of 100. */
    static Settings docsScaled() {
      return new Settings(100, Scaled.SEARCH_MIN, Scaled.SEARCH_MAX, 5, 500, Scaled.RATE_WINDOW,
          100, 64);
    }

    /** The same shape, smaller and faster: for warm-up and smoke tests. */
    Settings tiny(int n, Duration min, Duration max) {
      return new Settings(n, min, max, slots, rateLimit, rateWindow, pageSize, seed);
    }

    EmulatorConfig emulator() {
      return EmulatorConfig.builder().port(0).seed(seed).slots(slots)
          .searchDuration(minDuration, maxDuration)
          .rateLimit(rateLimit).rateWindow(rateWindow)
          .build();
    }

    List<String> queries() {
      return IntStream.range(0, searches)
          .mapToObj(i -> "VP of Engineering at Series B SaaS startups, cohort " + i)
          .collect(Collectors.toList());
    }
  }

  /**
   * One measured run.
   *
   * @param slotUse the slot use, from the emulator's timestamps
   * @param ended when the client finished the whole batch (last page read)
   * @param jobs jobs given
   * @param completed jobs completed with all their rows
   * @param rows rows delivered
   * @param rowsOnServer rows the emulator's searches yield, in all
   * @param stats the emulator's counters
   */
  record Measurement(SlotUse slotUse, Instant ended, int jobs, int completed, long rows,
      long rowsOnServer, EmulatorStats stats) {

    /** Every job completed once, with exactly the rows the server has. */
    boolean everyJobOnce() {
      return completed == jobs && rows == rowsOnServer;
    }

    /** 429s the emulator sent: rate and slots. */
    long tooManyRequests() {
      return stats.rateLimited() + stats.slotsBusy();
    }
  }

  private SlotEfficiency() {}

  /** Runs the batch through s64's {@link Batch} with {@code poll}. */
  static Measurement s64(Settings s, PollSchedule poll) {
    try (Emulator emulator = Emulator.start(s.emulator())) {
      Sixtyfour api = Clients.against(emulator, s.rateLimit(), s.rateWindow());
      try {
        Batch batch = Batch.builder(api).poll(poll).pageSize(s.pageSize()).build();
        List<Job> jobs = new ArrayList<>();
        List<String> queries = s.queries();
        for (int i = 0; i < queries.size(); i++) {
          jobs.add(Job.deep("deep-" + i, DeepSearchRequest.of(queries.get(i))));
        }
        List<Outcome> outcomes = Objects.requireNonNull(
            batch.run(Flux.fromIterable(jobs), RowSink.discarding()).collectList().block(RUN_TIMEOUT));
        Instant ended = Instant.now();
        long completed = outcomes.stream()
            .filter(o -> o.status() == Outcome.Status.COMPLETED)
            .map(Outcome::jobId).distinct().count();
        long rows = outcomes.stream().mapToLong(Outcome::rows).sum();
        return measured(emulator, s, ended, jobs.size(), (int) completed, rows);
      } finally {
        Clients.close(api);
      }
    }
  }

  /** Runs the batch through the docs-literal baseline sleeping {@code pollInterval}. */
  static Measurement docsLiteral(Settings s, Duration pollInterval) {
    try (Emulator emulator = Emulator.start(s.emulator())) {
      BlockingApi api = new BlockingApi(emulator.baseUrl(), Clients.API_KEY, s.rateWindow());
      DocsLiteralOrchestrator baseline =
          new DocsLiteralOrchestrator(api, s.slots(), pollInterval, s.pageSize());
      List<DocsLiteralOrchestrator.Task> tasks = new ArrayList<>();
      List<String> queries = s.queries();
      for (int i = 0; i < queries.size(); i++) {
        tasks.add(DocsLiteralOrchestrator.Task.deep("deep-" + i, queries.get(i)));
      }
      DocsLiteralOrchestrator.Result r = baseline.run(tasks);
      return measured(emulator, s, Instant.now(), r.jobs(), r.completed(), r.rows());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static Measurement measured(Emulator emulator, Settings s, Instant ended, int jobs,
      int completed, long rows) {
    EmulatorStats stats = emulator.stats();
    long onServer = stats.rowsTotal().values().stream().mapToLong(Long::longValue).sum();
    return new Measurement(SlotUse.of(emulator.searches(), s.slots()), ended, jobs, completed,
        rows, onServer, stats);
  }

  /** Both cadences, s64 beside the baseline, after a short warm-up of both: the suite's P1 rows. */
  static List<Figure> figures(Settings s) {
    Settings warmUp = s.tiny(10, Duration.ofMillis(100), Duration.ofMillis(300));
    s64(warmUp, Scaled.loweredFloor());
    docsLiteral(warmUp, Scaled.LOWERED_FLOOR);
    List<Figure> figures = new ArrayList<>();
    PollSchedule standard = Scaled.defaultCadence();
    PollSchedule lowered = Scaled.loweredFloor();
    figures.add(figure("P1a", "slot efficiency, default cadence (166.7 ms)", 0.90, standard.floor(),
        s64(s, standard), docsLiteral(s, standard.floor())));
    figures.add(figure("P1b", "slot efficiency, lowered floor (33.3 ms)", 0.97, lowered.floor(),
        s64(s, lowered), docsLiteral(s, lowered.floor())));
    return figures;
  }

  static Figure figure(String id, String what, double target, Duration floor, Measurement s64,
      Measurement base) {
    SlotUse use = s64.slotUse();
    double figure = use.efficiency();
    double baseline = base.slotUse().efficiency();
    boolean pass = figure >= target && figure > baseline && s64.everyJobOnce()
        && s64.tooManyRequests() == 0;
    String notes = "bounds: tail " + Figure.num(use.bound(), 3)
        + " (zero-overhead list schedule of the same durations, makespan "
        + Figure.seconds(use.boundMakespan()) + "), tail + poll floor "
        + Figure.num(use.cadenceBound(floor), 3) + "; makespan s64 "
        + Figure.seconds(s64.slotUse().makespan()) + ", baseline "
        + Figure.seconds(base.slotUse().makespan()) + "; to the last page read: s64 "
        + Figure.num(s64.slotUse().efficiencyUntil(s64.ended()), 3) + ", baseline "
        + Figure.num(base.slotUse().efficiencyUntil(base.ended()), 3) + "; 429s s64 "
        + s64.tooManyRequests() + ", baseline " + base.tooManyRequests() + "; every job once: s64 "
        + s64.everyJobOnce() + ", baseline " + base.everyJobOnce();
    // Four decimals: at the poll-floor bound s64 and the baseline differ in the third.
    return new Figure(id, what, Figure.num(figure, 4), Figure.num(baseline, 4),
        Figure.num(figure / baseline, 4),
        "≥ " + Figure.num(target, 2) + " and > baseline (bound " + Figure.num(use.bound(), 3)
            + ", with the poll floor " + Figure.num(use.cadenceBound(floor), 3) + ")",
        pass, notes);
  }

  /** Runs P1 alone and prints its rows. */
  public static void main(String[] args) {
    for (Figure f : figures(Settings.docsScaled())) {
      System.out.println(f.console());
    }
  }
}

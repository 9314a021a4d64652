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
import io.s64.emulator.DurationShape;
import io.s64.emulator.SearchRecord;
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
 * searches actually uses, and what the poll schedule spends for it. A scenario benchmark (not JMH)
 * against the emulator over real HTTP on loopback: 100 deep searches whose durations come from the
 * emulator's fixed seed over 0.5–2 s (the docs' 30–120 s at 1:60, see {@link Scaled}) in one of
 * three shapes (uniform, log-normal around 1 s, bimodal), 5 slots, results read as pages of 100.
 *
 * <p><b>Figure.</b> Σ server-side search durations ÷ (5 × makespan), from the emulator's own
 * timestamps ({@link SlotUse}): makespan is first {@code createdAt} → last {@code endsAt}. Each
 * run uses a fresh emulator with the same seed, so s64 and the baseline get the same durations in
 * the same order. Beside it, from the emulator's count: status polls per search, and the mean
 * detection delay (a search's {@code endsAt} → the first status answer that showed it ended).
 *
 * <p><b>Rows.</b> Per shape, with the emulator's progress hints off (the targets) and on
 * (information): s64's {@link Batch} on its default learned schedule ({@link Scaled#learned()}),
 * the {@link DocsLiteralOrchestrator} polling every 166.7 ms (the docs' 10 s), and two bounds
 * computed like the figure (makespan to the last end) from the same durations: the zero-overhead
 * list schedule, and the best fixed cadence that makes as many polls per search as s64 did.
 * Targets: polls per search ≤ the baseline's, mean detection delay ≤ 0.7 × the baseline's, figure ≥
 * the fixed-cadence bound + 0.015.
 *
 * <p>Run it alone (after {@code mvn -pl benchmarks package}):
 * <pre>{@code java -cp benchmarks/target/benchmarks.jar io.s64.bench.SlotEfficiency [SHAPE...] [--hints]}</pre>
 */
public final class SlotEfficiency {
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
  /** The detection-delay target: at most this share of the baseline's. */
  static final double DELAY_TARGET = 0.7;
  /** The slot-efficiency target: at least this much above the fixed-cadence bound. */
  static final double ABOVE_FIXED = 0.015;

  /**
   * The workload.
   *
   * @param searches deep searches in the batch
   * @param minDuration the shortest search
   * @param maxDuration the longest search
   * @param shape how durations spread between the two
   * @param hints whether the emulator's status shows progress hints
   * @param slots the organization's slots (the emulator's, the client's, the baseline's workers)
   * @param rateLimit requests per rate window (emulator and client)
   * @param rateWindow the rate window
   * @param pageSize rows per result page
   * @param seed the emulator seed (search durations and rows)
   */
  record Settings(int searches, Duration minDuration, Duration maxDuration, DurationShape shape,
      boolean hints, int slots, int rateLimit, Duration rateWindow, int pageSize, long seed) {

    /** The benchmark: 100 uniform searches of 0.5–2 s on 5 slots, 500 requests per 1 s, pages of 100, hints off. */
    static Settings docsScaled() {
      return new Settings(100, Scaled.SEARCH_MIN, Scaled.SEARCH_MAX, DurationShape.UNIFORM, false,
          5, 500, Scaled.RATE_WINDOW, 100, 64);
    }

    /** The same shape, smaller and faster: for warm-up and smoke tests. */
    Settings tiny(int n, Duration min, Duration max) {
      return new Settings(n, min, max, shape, hints, slots, rateLimit, rateWindow, pageSize, seed);
    }

    Settings with(DurationShape s, boolean h) {
      return new Settings(searches, minDuration, maxDuration, s, h, slots, rateLimit, rateWindow,
          pageSize, seed);
    }

    EmulatorConfig emulator() {
      return EmulatorConfig.builder().port(0).seed(seed).slots(slots)
          .searchDuration(minDuration, maxDuration)
          .searchDurationShape(shape)
          .progressHints(hints)
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
   * @param pollsPerSearch status polls per deep search, counted by the emulator
   * @param meanDelay the mean of each search's end → the first status answer that showed it ended
   * @param handOver the mean of the k-th end seen → the (k + slots)-th start, at the server: how
   *     long a freed slot waits for the next start once its search is seen ended
   */
  record Measurement(SlotUse slotUse, Instant ended, int jobs, int completed, long rows,
      long rowsOnServer, EmulatorStats stats, double pollsPerSearch, Duration meanDelay,
      Duration handOver) {

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

  /** Runs the batch through s64's {@link Batch} on the fixed schedule {@code poll}. */
  static Measurement s64(Settings s, PollSchedule poll) {
    return s64(s, b -> b.poll(poll));
  }

  /** Runs the batch through s64's {@link Batch} on the learned schedule {@code poll}. */
  static Measurement s64(Settings s, PollSchedule.Learned poll) {
    return s64(s, b -> b.poll(poll));
  }

  private static Measurement s64(Settings s, java.util.function.UnaryOperator<Batch.Builder> poll) {
    try (Emulator emulator = Emulator.start(s.emulator())) {
      Sixtyfour api = Clients.against(emulator, s.rateLimit(), s.rateWindow());
      try {
        Batch batch = poll.apply(Batch.builder(api)).pageSize(s.pageSize()).build();
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
    List<SearchRecord> records = emulator.searches();
    long polls = 0;
    long delayNanos = 0;
    int deep = 0;
    for (SearchRecord r : records) {
      if (!r.kind().equals("deep")) {
        continue;
      }
      deep++;
      polls += r.statusPolls();
      Instant seen = r.terminalSeenAt() != null ? r.terminalSeenAt() : ended;
      delayNanos += Math.max(0, Duration.between(r.endsAt(), seen).toNanos());
    }
    return new Measurement(SlotUse.of(records, s.slots()), ended, jobs, completed, rows, onServer,
        stats, deep == 0 ? 0 : polls / (double) deep,
        Duration.ofNanos(deep == 0 ? 0 : delayNanos / deep), handOver(records, s.slots()));
  }

  private static Duration handOver(List<SearchRecord> records, int slots) {
    List<Instant> seen = new ArrayList<>();
    List<Instant> created = new ArrayList<>();
    for (SearchRecord r : records) {
      if (r.kind().equals("deep")) {
        created.add(r.createdAt());
        if (r.terminalSeenAt() != null) {
          seen.add(r.terminalSeenAt());
        }
      }
    }
    java.util.Collections.sort(seen);
    java.util.Collections.sort(created);
    long sum = 0;
    int n = 0;
    for (int k = 0; k + slots < created.size() && k < seen.size(); k++) {
      sum += Math.max(0, Duration.between(seen.get(k), created.get(k + slots)).toNanos());
      n++;
    }
    return Duration.ofNanos(n == 0 ? 0 : sum / n);
  }

  /**
   * Warms both clients up on a small batch (JIT, connection pools): 60 short searches each, enough
   * that the first measured row does not pay for compiling the poll and hand-over paths.
   */
  static void warmUp(Settings s) {
    Settings warmUp = s.tiny(60, Duration.ofMillis(100), Duration.ofMillis(300));
    s64(warmUp, Scaled.learned());
    docsLiteral(warmUp, Scaled.defaultCadence().floor());
  }

  /**
   * The suite's P1 rows: each shape with hints off (targets), then with hints on (information),
   * after a short warm-up of both clients.
   */
  static List<Figure> figures(Settings s, List<DurationShape> shapes, boolean withHints) {
    warmUp(s);
    List<Figure> figures = new ArrayList<>();
    for (boolean hints : withHints ? List.of(false, true) : List.of(false)) {
      for (DurationShape shape : shapes) {
        figures.add(row(s.with(shape, hints)));
      }
    }
    return figures;
  }

  /** One row: s64 on the learned schedule beside the docs-literal baseline at the docs' cadence. */
  static Figure row(Settings s) {
    Duration docs = Scaled.defaultCadence().floor();
    Measurement mine = s64(s, Scaled.learned());
    Measurement base = docsLiteral(s, docs);
    return figure(s, docs, mine, base);
  }

  static Figure figure(Settings s, Duration docs, Measurement s64, Measurement base) {
    SlotUse use = s64.slotUse();
    List<Duration> durations = use.durations();
    double figure = use.efficiency();
    double baseline = base.slotUse().efficiency();
    double zeroOverhead = use.bound();
    Duration samePolls = ListSchedule.cadenceFor(durations, s64.pollsPerSearch());
    double fixedBound = ListSchedule.efficiency(durations, s.slots(), samePolls);
    double delayRatio = base.meanDelay().isZero() ? 0
        : s64.meanDelay().toNanos() / (double) base.meanDelay().toNanos();
    boolean fewerPolls = s64.pollsPerSearch() <= base.pollsPerSearch();
    boolean sooner = delayRatio <= DELAY_TARGET;
    boolean above = figure >= fixedBound + ABOVE_FIXED;
    boolean clean = s64.everyJobOnce() && s64.tooManyRequests() == 0;
    String id = "P1" + (s.hints() ? "h" : "") + "-" + s.shape().flag();
    String what = "slot efficiency, " + s.shape().flag() + " 30–120 s, hints "
        + (s.hints() ? "on (information)" : "off");
    String notes = "polls per search (server) s64 " + Figure.num(s64.pollsPerSearch(), 2)
        + ", baseline " + Figure.num(base.pollsPerSearch(), 2) + "; mean detection delay s64 "
        + millis(s64.meanDelay()) + ", baseline " + millis(base.meanDelay()) + " (ratio "
        + Figure.num(delayRatio, 3) + "); slot hand-over (end seen → next start, at the server) s64 "
        + millis(s64.handOver()) + ", baseline " + millis(base.handOver()) + "; bounds from the same durations, makespan to the last end:"
        + " zero-overhead " + Figure.num(zeroOverhead, 4) + ", fixed cadence of "
        + millis(samePolls) + " (as many polls as s64) " + Figure.num(fixedBound, 4)
        + ", docs' cadence " + Figure.num(ListSchedule.efficiency(durations, s.slots(), docs), 4)
        + "; makespan s64 " + Figure.seconds(use.makespan()) + ", baseline "
        + Figure.seconds(base.slotUse().makespan()) + "; to the last page read: s64 "
        + Figure.num(use.efficiencyUntil(s64.ended()), 3) + ", baseline "
        + Figure.num(base.slotUse().efficiencyUntil(base.ended()), 3) + "; 429s s64 "
        + s64.tooManyRequests() + ", baseline " + base.tooManyRequests() + "; every job once: s64 "
        + s64.everyJobOnce() + ", baseline " + base.everyJobOnce()
        + (s.hints() ? "" : "; polls ≤ baseline " + verdict(fewerPolls) + ", delay ≤ "
            + DELAY_TARGET + " × baseline " + verdict(sooner) + ", ≥ fixed-cadence bound + "
            + ABOVE_FIXED + " " + verdict(above));
    String target = s.hints() ? "information (bound " + Figure.num(zeroOverhead, 3)
        + ", fixed cadence " + Figure.num(fixedBound, 3) + ")"
        : "≥ fixed-cadence bound " + Figure.num(fixedBound, 3) + " + " + ABOVE_FIXED
            + " (zero-overhead bound " + Figure.num(zeroOverhead, 3) + "), polls ≤ baseline, delay ≤ "
            + DELAY_TARGET + " × baseline";
    return new Figure(id, what, Figure.num(figure, 4), Figure.num(baseline, 4),
        Figure.num(figure / baseline, 4), target,
        s.hints() ? clean : fewerPolls && sooner && above && clean, notes,
        Figure.num(fixedBound, 4));
  }

  private static String verdict(boolean ok) {
    return ok ? "met" : "missed";
  }

  private static String millis(Duration d) {
    return Figure.num(d.toNanos() / 1e6, 1) + " ms";
  }

  /**
   * Runs P1 alone and prints its rows: every shape with hints off and on, or the shapes named
   * ({@code uniform}, {@code log-normal}, {@code bimodal}), hints off unless {@code --hints}.
   */
  public static void main(String[] args) {
    List<DurationShape> shapes = new ArrayList<>();
    boolean hints = args.length == 0;
    for (String a : args) {
      if (a.equals("--hints")) {
        hints = true;
      } else {
        shapes.add(DurationShape.parse(a));
      }
    }
    if (shapes.isEmpty()) {
      shapes = List.of(DurationShape.values());
    }
    for (Figure f : figures(Settings.docsScaled(), shapes, hints)) {
      System.out.println(f.console());
    }
  }
}

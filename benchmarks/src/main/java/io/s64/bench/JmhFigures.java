package io.s64.bench;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks of the suite (P3, P4) with the iteration counts of their annotations and
 * turns the scores into result rows. Each score is the JMH mean with its 99.9% confidence
 * half-width in the notes.
 */
public final class JmhFigures {
  private JmhFigures() {}

  /**
   * P3: typed client vs bare Reactor Netty (and java.net.http), requests/s, with the emulator in
   * a process of its own pinned to core 0 and JMH's forks (the clients) pinned to core 1.
   */
  static Figure httpOverhead() throws RunnerException, IOException {
    return httpOverhead(false);
  }

  /** P3; {@code quick}: one fork, one short warm-up and measurement iteration (a trial run). */
  static Figure httpOverhead(boolean quick) throws RunnerException, IOException {
    String what = "HTTP overhead, page requests/s, 64 in flight";
    Collection<RunResult> results;
    String pinning;
    try (EmulatorProcess emulator =
        EmulatorProcess.start(0, HttpOverheadBenchmark.emulatorFlags())) {
      pinning = "emulator in its own JVM (" + emulator.pinning() + "), clients in JMH's forks ("
          + (EmulatorProcess.canPin() ? "core 1" : "not pinned") + ")";
      ChainedOptionsBuilder options = new OptionsBuilder()
          .include(HttpOverheadBenchmark.class.getName() + "\\.")
          .jvm(EmulatorProcess.pinnedJava(1))
          .jvmArgsAppend("-Xms1g", "-Xmx1g",
              "-D" + HttpOverheadBenchmark.EMULATOR_URL + "=" + emulator.baseUrl());
      if (quick) {
        options = options.forks(1).warmupIterations(1).measurementIterations(1)
            .warmupTime(TimeValue.seconds(2)).measurementTime(TimeValue.seconds(2));
      }
      results = new Runner(options.build()).run();
    }
    Optional<Result<?>> typed = score(results, "typedClient", null);
    Optional<Result<?>> bare = score(results, "bareReactorNetty", null);
    Optional<Result<?>> jdk = score(results, "javaNetHttp", null);
    if (typed.isEmpty() || bare.isEmpty()) {
      return missing("P3", what, "≥ 0.80 × bare", results);
    }
    double t = typed.get().getScore();
    double b = bare.get().getScore();
    return new Figure("P3", what, Figure.count(t), Figure.count(b) + " bare",
        Figure.num(t / b, 2), "≥ 0.80 × bare", t / b >= 0.80,
        "typed " + withError(typed.get()) + ", bare Reactor Netty " + withError(bare.get())
            + ", java.net.http on 64 threads " + jdk.map(j -> withError(j) + " ("
                + Figure.num(j.getScore() / b, 2) + " × bare)").orElse("failed (no result)")
            + "; requests/s, mean ± 99.9% CI; client CPU per request: typed "
            + cpuPerRequest(results, "typedClient") + ", bare " + cpuPerRequest(results,
                "bareReactorNetty") + ", java.net.http " + cpuPerRequest(results, "javaNetHttp")
            + "; " + pinning);
  }

  /** P4: the pipeline vs a hand-written chain over the same client, completed searches/s. */
  static Figure pipeline() throws RunnerException {
    String what = "pipeline overhead, searches/s in-process";
    Collection<RunResult> results = run(PipelineBenchmark.class);
    Optional<Result<?>> batch = score(results, "batchRun", "256");
    Optional<Result<?>> fiveSlots = score(results, "batchRun", "5");
    Optional<Result<?>> chain = score(results, "handWrittenChain", null);
    if (batch.isEmpty() || chain.isEmpty()) {
      return missing("P4", what, "≥ 0.80 × chain", results);
    }
    double p = batch.get().getScore();
    double c = chain.get().getScore();
    return new Figure("P4", what, Figure.count(p), Figure.count(c) + " chain",
        Figure.num(p / c, 2), "≥ 0.80 × chain", p / c >= 0.80,
        "Batch.run with 256 slots " + withError(batch.get()) + "; with 5 slots "
            + fiveSlots.map(JmhFigures::withError).orElse("failed (no result)")
            + "; hand-written flatMap chain over the same client " + withError(chain.get())
            + "; completed searches/s (a run where a job ends otherwise fails), mean ± 99.9% CI,"
            + " 4 requests and 20 rows per search");
  }

  private static Figure missing(String id, String what, String target,
      Collection<RunResult> results) {
    return new Figure(id, what, "failed", "-", "-", target, false,
        "a JMH benchmark produced no result (see the console); results: " + results.size());
  }

  private static Collection<RunResult> run(Class<?> benchmark) throws RunnerException {
    return new Runner(new OptionsBuilder().include(benchmark.getName() + "\\.").build()).run();
  }

  private static Optional<Result<?>> score(Collection<RunResult> results, String method,
      @Nullable String slots) {
    return results.stream()
        .filter(r -> r.getParams().getBenchmark().endsWith("." + method))
        .filter(r -> slots == null || slots.equals(r.getParams().getParam("slots")))
        .<Result<?>>map(RunResult::getPrimaryResult)
        .findFirst();
  }

  /** The client JVM's CPU time per request of {@code method}, from its secondary results. */
  private static String cpuPerRequest(Collection<RunResult> results, String method) {
    return results.stream()
        .filter(r -> r.getParams().getBenchmark().endsWith("." + method))
        .findFirst()
        .map(r -> {
          Result<?> cpu = r.getSecondaryResults().get("cpuNanos");
          Result<?> requests = r.getSecondaryResults().get("requests");
          if (cpu == null || requests == null || requests.getScore() <= 0) {
            return "n/a";
          }
          return Figure.num(cpu.getScore() / requests.getScore() / 1000, 1) + " µs";
        })
        .orElse("n/a");
  }

  private static String withError(Result<?> r) {
    double error = r.getScoreError();
    return Figure.count(r.getScore()) + (Double.isNaN(error) ? "" : " ± " + Figure.count(error));
  }

  /**
   * Runs P3 alone as the suite does (emulator process on core 0, clients on core 1) and prints its
   * row; {@code --quick} for a short trial run.
   */
  public static void main(String[] args) throws Exception {
    System.out.println(httpOverhead(List.of(args).contains("--quick")).console());
    System.exit(0);
  }
}

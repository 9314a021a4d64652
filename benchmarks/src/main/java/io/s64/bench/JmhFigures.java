package io.s64.bench;

import java.util.Collection;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the JMH benchmarks of the suite (P3, P4) with the iteration counts of their annotations and
 * turns the scores into result rows. Each score is the JMH mean with its 99.9% confidence
 * half-width in the notes.
 */
final class JmhFigures {
  private JmhFigures() {}

  /** P3: typed client vs bare Reactor Netty (and java.net.http), requests/s. */
  static Figure httpOverhead() throws RunnerException {
    String what = "HTTP overhead, page requests/s, 64 in flight";
    Collection<RunResult> results = run(HttpOverheadBenchmark.class);
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
            + "; requests/s, mean ± 99.9% CI");
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

  private static String withError(Result<?> r) {
    double error = r.getScoreError();
    return Figure.count(r.getScore()) + (Double.isNaN(error) ? "" : " ± " + Figure.count(error));
  }
}

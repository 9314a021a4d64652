package io.s64.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import io.s64.emulator.DurationShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs the whole suite, P1 to P6 (P6 when {@code orchestrator-runner/target/s64.jar} is built: it
 * runs s64 processes), one benchmark at a time (the machine has few cores; two at
 * once would measure each other), prints each row as it is measured, and writes the table to
 * {@code benchmarks/results/latest.md} (or {@code --out PATH}); a full run then appends its figures
 * to {@code results/history.csv} and renders the history charts and the READMEs' copies of the
 * table ({@link Publish}). {@code --only P1,P3} runs only the benchmarks named, for a quick look:
 * it writes {@code results/partial.md} (or {@code --out PATH}) and publishes nothing.
 *
 * <p>From the repository root, after {@code mvn -B -pl benchmarks -am package -DskipTests}:
 * <pre>{@code java -cp benchmarks/target/benchmarks.jar io.s64.bench.Suite [--only P1,P2] [--out PATH]}</pre>
 */
public final class Suite {
  private Suite() {}

  /** Runs the suite; {@code --out PATH} chooses the Markdown file, {@code --only P1,P2} the benchmarks. */
  public static void main(String[] args) throws Exception {
    Path root = Files.isDirectory(Path.of("benchmarks")) ? Path.of("") : Path.of("..");
    Path out = null;
    Set<String> all = new TreeSet<>(List.of("P1", "P2", "P3", "P4", "P5"));
    Set<String> only = all;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--out") && i + 1 < args.length) {
        out = Path.of(args[++i]);
      } else if (args[i].equals("--only") && i + 1 < args.length) {
        only = new TreeSet<>(Arrays.asList(args[++i].toUpperCase(Locale.ROOT).split(",")));
      } else {
        System.err.println("usage: Suite [--only P1,P2,...] [--out PATH]");
        System.exit(2);
      }
    }
    boolean full = only.containsAll(all);
    boolean publish = full && out == null;
    if (out == null) {
      out = root.resolve("benchmarks").resolve("results").resolve(full ? "latest.md" : "partial.md");
    }
    long start = System.nanoTime();
    List<Figure> figures = new ArrayList<>();
    if (only.contains("P1")) {
      figures.addAll(report(SlotEfficiency.figures(SlotEfficiency.Settings.docsScaled(),
          List.of(DurationShape.values()), true)));
    }
    if (only.contains("P2")) {
      figures.addAll(report(List.of(MixedBatch.figure(MixedBatch.Settings.docsScaled()))));
    }
    if (only.contains("P3")) {
      figures.addAll(report(List.of(JmhFigures.httpOverhead())));
    }
    if (only.contains("P4")) {
      figures.addAll(report(List.of(JmhFigures.pipeline())));
    }
    if (only.contains("P5")) {
      figures.addAll(report(List.of(MemoryFootprint.figure())));
    }
    if (only.contains("P6") || full) {
      if (Files.isRegularFile(ScaleOut.JAR)) {
        figures.addAll(report(List.of(ScaleOut.figure(ScaleOut.JAR, MixedBatch.Settings.docsScaled()))));
      } else {
        System.out.println(">>> P6 skipped: build " + ScaleOut.JAR + " first (it runs s64 processes)");
      }
    }
    Duration runTime = Duration.ofNanos(System.nanoTime() - start);
    ResultsTable.write(out, figures, command(args), runTime);
    if (publish) {
      Publish.run(root.toAbsolutePath().normalize(), figures, java.time.Instant.now());
    }
    System.out.println();
    figures.forEach(f -> System.out.println(f.console()));
    System.out.println("wrote " + out.toAbsolutePath() + " (suite run time " + runTime.toMinutes()
        + " min " + runTime.toSecondsPart() + " s)");
    System.exit(0);
  }

  private static List<Figure> report(List<Figure> figures) {
    figures.forEach(f -> System.out.println(">>> " + f.console()));
    return figures;
  }

  /** This process's command line as typed, when the OS tells; else the documented command. */
  private static String command(String[] args) {
    String documented = "java -cp benchmarks/target/benchmarks.jar " + Suite.class.getName()
        + (args.length == 0 ? "" : " " + String.join(" ", args));
    return ProcessHandle.current().info().commandLine()
        .map(line -> line.replaceFirst("^\\S*/bin/java ", "java "))
        .orElse(documented);
  }
}

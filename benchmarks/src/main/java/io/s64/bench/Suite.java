package io.s64.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the whole suite, P1 to P6 (P6 when {@code orchestrator-runner/target/s64.jar} is built: it
 * runs s64 processes), one benchmark at a time (the machine has few cores; two at
 * once would measure each other), prints each row as it is measured, and writes the table to
 * {@code benchmarks/results/latest.md} (or {@code --out PATH}). About 12–13 minutes on 2 cores.
 *
 * <p>From the repository root, after {@code mvn -B -pl benchmarks -am package -DskipTests}:
 * <pre>{@code java -cp benchmarks/target/benchmarks.jar io.s64.bench.Suite}</pre>
 */
public final class Suite {
  private Suite() {}

  /** Runs the suite; {@code --out PATH} chooses the Markdown file. */
  public static void main(String[] args) throws Exception {
    Path out = Files.isDirectory(Path.of("benchmarks"))
        ? Path.of("benchmarks", "results", "latest.md") : Path.of("results", "latest.md");
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--out") && i + 1 < args.length) {
        out = Path.of(args[++i]);
      } else {
        System.err.println("usage: Suite [--out PATH]");
        System.exit(2);
      }
    }
    long start = System.nanoTime();
    List<Figure> figures = new ArrayList<>();
    figures.addAll(report(SlotEfficiency.figures(SlotEfficiency.Settings.docsScaled())));
    figures.addAll(report(List.of(MixedBatch.figure(MixedBatch.Settings.docsScaled()))));
    figures.addAll(report(List.of(JmhFigures.httpOverhead())));
    figures.addAll(report(List.of(JmhFigures.pipeline())));
    figures.addAll(report(List.of(MemoryFootprint.figure())));
    if (Files.isRegularFile(ScaleOut.JAR)) {
      figures.addAll(report(List.of(ScaleOut.figure(ScaleOut.JAR, MixedBatch.Settings.docsScaled()))));
    } else {
      System.out.println(">>> P6 skipped: build " + ScaleOut.JAR + " first (it runs s64 processes)");
    }
    Duration runTime = Duration.ofNanos(System.nanoTime() - start);
    ResultsTable.write(out, figures, command(args), runTime);
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

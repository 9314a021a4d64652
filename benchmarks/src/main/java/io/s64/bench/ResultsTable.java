package io.s64.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Writes {@code results/latest.md}: when and where the suite ran, the exact command and its run
 * time, one table row per figure (s64, baseline, ratio, target, verdict), and the notes that let a
 * reader judge each figure.
 */
final class ResultsTable {
  private ResultsTable() {}

  /** The Markdown text. */
  static String markdown(List<Figure> figures, String command, Duration runTime, Instant date) {
    StringBuilder md = new StringBuilder();
    md.append("# s64 benchmark results\n\n");
    md.append("- Date: ").append(date.truncatedTo(ChronoUnit.SECONDS)).append('\n');
    md.append("- Machine: ").append(machine()).append('\n');
    md.append("- Command: `").append(command).append("`\n");
    md.append("- Run time: ").append(runTime.toMinutes()).append(" min ")
        .append(runTime.toSecondsPart()).append(" s\n\n");
    md.append("| id | benchmark | s64 | baseline (same run) | ratio | target | result |\n");
    md.append("|---|---|---|---|---|---|---|\n");
    for (Figure f : figures) {
      md.append("| ").append(f.id()).append(" | ").append(cell(f.what())).append(" | ")
          .append(cell(f.value())).append(" | ").append(cell(f.baseline())).append(" | ")
          .append(cell(f.ratio())).append(" | ").append(cell(f.target())).append(" | ")
          .append(f.pass() ? "pass" : "**miss**").append(" |\n");
    }
    md.append("\nNotes:\n\n");
    for (Figure f : figures) {
      md.append("- **").append(f.id()).append("** ").append(f.notes()).append('\n');
    }
    return md.toString();
  }

  /** Writes the Markdown to {@code file}, creating its folder. */
  static void write(Path file, List<Figure> figures, String command, Duration runTime)
      throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Files.writeString(file, markdown(figures, command, runTime, Instant.now()),
        StandardCharsets.UTF_8);
  }

  /** Cores, CPU model, memory, JVM and OS. */
  static String machine() {
    Runtime rt = Runtime.getRuntime();
    String cpu = cpuModel().map(m -> " (" + m + ")").orElse("");
    long ramMb = 0;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      ramMb = os.getTotalMemorySize() / (1024 * 1024);
    }
    return rt.availableProcessors() + " cores" + cpu + ", " + (ramMb > 0 ? ramMb / 1024 + " GB RAM, " : "")
        + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
        + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch");
  }

  private static Optional<String> cpuModel() {
    Path info = Path.of("/proc/cpuinfo");
    if (!Files.isReadable(info)) {
      return Optional.empty();
    }
    try (Stream<String> lines = Files.lines(info)) {
      return lines.filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }
}

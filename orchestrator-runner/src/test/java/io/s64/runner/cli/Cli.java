package io.s64.runner.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code s64.jar} as a process: stdout and stderr go to files (so a chatty process
 * never blocks on a full pipe), the environment is the test's minus any SIXTYFOUR_* variable, plus
 * what the test sets.
 */
final class Cli {
  static final Path JAR = Path.of(System.getProperty("s64.jar", "target/s64.jar"));

  private final Path work;
  private final Map<String, String> env = new LinkedHashMap<>();
  private Path stdin;
  private String heap = "-Xmx256m";
  private int runs;

  Cli(Path work) {
    this.work = work;
    assertTrue(Files.isRegularFile(JAR), "build the jar first (mvn verify runs package before): " + JAR);
  }

  Cli env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** The heap limit of the processes, such as {@code -Xmx48m}. */
  Cli heap(String xmx) {
    this.heap = xmx;
    return this;
  }

  Cli stdin(Path file) {
    this.stdin = file;
    return this;
  }

  /** A started s64 process. */
  final class Run {
    final Process process;
    final Path out;
    final Path err;

    Run(Process process, Path out, Path err) {
      this.process = process;
      this.out = out;
      this.err = err;
    }

    /** Waits for the exit, failing the test (and killing the process) after {@code timeout}. */
    int exit(Duration timeout) throws InterruptedException {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        fail("s64 did not end within " + timeout + "; stderr:\n" + stderr());
      }
      return process.exitValue();
    }

    String stdout() {
      return read(out);
    }

    String stderr() {
      return read(err);
    }
  }

  Run start(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(javaBinary(), heap, "-jar",
        JAR.toAbsolutePath().toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("SIXTYFOUR_") || k.equals("COLUMNS"));
    pb.environment().putAll(env);
    int n = ++runs;
    Path out = work.resolve("stdout-" + n + ".txt");
    Path err = work.resolve("stderr-" + n + ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(nullFile()) : ProcessBuilder.Redirect.from(stdin.toFile()));
    return new Run(pb.start(), out, err);
  }

  /** Runs to the end and returns the finished run. */
  Run run(Duration timeout, String... args) throws IOException, InterruptedException {
    Run r = start(args);
    r.exit(timeout);
    return r;
  }

  private static File nullFile() {
    return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}

package io.s64.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The emulator in a JVM of its own, pinned with {@code taskset} to one core when the machine has
 * {@code taskset} and more than one core, so that a benchmark measures its client without the
 * server's work in the same process or on the same core. The child runs this JVM's classpath and
 * prints its URL; closing destroys it.
 */
final class EmulatorProcess implements AutoCloseable {
  private final Process process;
  private final String baseUrl;
  private final String pinning;

  private EmulatorProcess(Process process, String baseUrl, String pinning) {
    this.process = process;
    this.baseUrl = baseUrl;
    this.pinning = pinning;
  }

  /** The java binary of this JVM. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Whether {@code taskset} can pin processes here. */
  static boolean canPin() {
    return Runtime.getRuntime().availableProcessors() > 1
        && Files.isExecutable(Path.of("/usr/bin/taskset"));
  }

  /** {@code command} prefixed to run on {@code core} alone, when pinning is possible. */
  static List<String> pinned(int core, List<String> command) {
    List<String> out = new ArrayList<>();
    if (canPin()) {
      out.addAll(List.of("/usr/bin/taskset", "-c", Integer.toString(core)));
    }
    out.addAll(command);
    return out;
  }

  /** Starts the emulator with {@code flags} on {@code core}; waits until it listens. */
  static EmulatorProcess start(int core, List<String> flags) throws IOException {
    List<String> command = new ArrayList<>(List.of(java(), "-Xms512m", "-Xmx512m", "-cp",
        System.getProperty("java.class.path"), "io.s64.emulator.EmulatorMain"));
    command.addAll(flags);
    Process p = new ProcessBuilder(pinned(core, command)).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line; (line = out.readLine()) != null; ) {
      seen.append(line).append('\n');
      if (line.startsWith("listening on ")) {
        String url = line.substring("listening on ".length()).trim();
        Thread drain = new Thread(() -> {
          try {
            while (out.readLine() != null) {
              // keep the pipe from filling
            }
          } catch (IOException e) {
            // the child ended
          }
        }, "emulator-output");
        drain.setDaemon(true);
        drain.start();
        return new EmulatorProcess(p, url, canPin() ? "core " + core : "not pinned");
      }
    }
    p.destroyForcibly();
    throw new IOException("the emulator process ended before it listened:\n" + seen);
  }

  String baseUrl() {
    return baseUrl;
  }

  /** Where the emulator runs: "core 0", or "not pinned". */
  String pinning() {
    return pinning;
  }

  /**
   * A launcher script that runs {@code java} pinned to {@code core}, for JMH's forks ({@code
   * OptionsBuilder.jvm}); plain {@code java} when pinning is not possible.
   */
  static String pinnedJava(int core) throws IOException {
    if (!canPin()) {
      return java();
    }
    Path script = Files.createTempFile("s64-java-core" + core + "-", ".sh");
    Files.writeString(script, "#!/bin/sh\nexec /usr/bin/taskset -c " + core + " '" + java()
        + "' \"$@\"\n", StandardCharsets.UTF_8);
    script.toFile().setExecutable(true);
    script.toFile().deleteOnExit();
    return script.toString();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}

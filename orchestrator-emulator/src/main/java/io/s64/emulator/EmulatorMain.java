package io.s64.emulator;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * The standalone emulator: {@code java -jar orchestrator-emulator.jar [flags]}. Prints {@code
 * listening on http://127.0.0.1:PORT} on stdout once bound, runs until SIGINT or SIGTERM, then
 * stops cleanly. {@code --help} prints the flags and exits 0; a bad flag prints the error and a
 * hint on stderr and exits 2; an address that cannot be bound exits 1.
 */
public final class EmulatorMain {
  /** Exit status of a bad command line. */
  static final int USAGE_ERROR = 2;

  /**
   * The result of reading the command line.
   *
   * @param emulator the running emulator, or null when the process should end
   * @param status the exit status when {@code emulator} is null
   */
  record Launch(@Nullable Emulator emulator, int status) {}

  private EmulatorMain() {}

  /** Runs the emulator until the process is told to stop. */
  public static void main(String[] args) throws InterruptedException {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    Launch launch = launch(args, System.out, System.err);
    Emulator emulator = launch.emulator();
    if (emulator == null) {
      System.exit(launch.status());
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      emulator.close();
      System.err.println("emulator stopped");
      stopped.countDown();
    }, "s64-emulator-shutdown"));
    stopped.await();
  }

  /** Handles {@code --help}, parses the flags and starts the emulator; never exits the JVM. */
  static Launch launch(String[] args, PrintStream out, PrintStream err) {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      out.print(EmulatorConfig.usage());
      out.flush();
      return new Launch(null, 0);
    }
    EmulatorConfig config;
    try {
      config = EmulatorConfig.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.println("run with --help to list the flags");
      return new Launch(null, USAGE_ERROR);
    }
    try {
      Emulator emulator = Emulator.start(config);
      out.println("listening on " + emulator.baseUrl());
      out.flush();
      return new Launch(emulator, 0);
    } catch (IllegalStateException e) {
      err.println("error: " + e.getMessage());
      return new Launch(null, 1);
    }
  }
}

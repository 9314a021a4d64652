package io.s64.runner;

import io.s64.runner.pipeline.ExitCode;
import io.s64.runner.pipeline.Interrupt;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import reactor.core.publisher.Mono;

/**
 * The entry point of {@code s64.jar}: parses the command line with picocli and exits with the
 * command's code.
 *
 * <p><b>Blocking and signals.</b> A command builds its work as a {@code Mono<Integer>} and hands it
 * to {@link #await}, the one place the process blocks. SIGINT and SIGTERM start the JVM's shutdown,
 * whose hook fires the command's {@link Interrupt}, waits (at most 20 s) for the work to drain and
 * close its files, and ends the process with the work's code ({@link ExitCode#INTERRUPTED} for an
 * interrupted run) through {@code Runtime.halt}, since a shutdown hook cannot change the status
 * otherwise. A normal end sets a flag first, so the hook does nothing then.
 */
public final class Main {
  private static final AtomicBoolean EXITING = new AtomicBoolean();
  private static final long DRAIN_SECONDS = 20;

  private Main() {}

  public static void main(String[] args) {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    int code = commandLine().execute(args);
    EXITING.set(true);
    System.exit(code);
  }

  /** The command line, with its error handling: bad arguments exit 2, unexpected errors exit 1. */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new S64Command());
    cl.setParameterExceptionHandler((e, args) -> {
      PrintWriter err = e.getCommandLine().getErr();
      err.println("error: " + e.getMessage());
      err.println("run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for the"
          + " options");
      err.flush();
      return ExitCode.USAGE;
    });
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      err.println("error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      err.flush();
      return ExitCode.SOME_FAILED;
    });
    return cl;
  }

  /**
   * Blocks until {@code work} ends and returns its code; SIGINT or SIGTERM fire {@code interrupt}
   * meanwhile (see the class comment).
   */
  static int await(Mono<Integer> work, Interrupt interrupt) {
    CountDownLatch drained = new CountDownLatch(1);
    AtomicInteger code = new AtomicInteger(ExitCode.INTERRUPTED);
    Thread hook = new Thread(() -> {
      if (EXITING.get()) {
        return;
      }
      interrupt.fire();
      try {
        drained.await(DRAIN_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      System.out.flush();
      System.err.flush();
      Runtime.getRuntime().halt(code.get());
    }, "s64-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      Integer result = work.block();
      code.set(result == null ? ExitCode.SOME_FAILED : result);
      return code.get();
    } finally {
      drained.countDown();
    }
  }
}

package io.s64.runner;

import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import io.s64.runner.pipeline.Interrupt;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;
import picocli.CommandLine;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code s64 emulator [flags]}: the emulator in the foreground, with the standalone jar's flags
 * ({@link EmulatorConfig#parse}) and its {@code listening on http://127.0.0.1:PORT} line on
 * stdout; it serves until SIGINT or SIGTERM, then stops and exits 0.
 */
@Command(name = "emulator",
    description = "Runs the Sixtyfour API emulator in the foreground until Ctrl-C; prints"
        + " 'listening on http://127.0.0.1:PORT' once it serves. 's64 emulator --help' lists its"
        + " flags.")
final class EmulatorCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Unmatched List<String> flags = new ArrayList<>();

  @Override
  public Integer call() {
    if (flags.contains("--help") || flags.contains("-h")) {
      System.out.print(usage());
      System.out.flush();
      return 0;
    }
    EmulatorConfig config;
    try {
      config = EmulatorConfig.parse(flags.toArray(String[]::new));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    Interrupt interrupt = new Interrupt();
    Mono<Integer> serve = Mono.fromCallable(() -> Emulator.start(config))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(emulator -> {
          System.out.println("listening on " + emulator.baseUrl());
          System.out.flush();
          return interrupt.fired()
              .then(Mono.fromCallable(() -> {
                emulator.close();
                System.err.println("emulator stopped");
                return 0;
              }).subscribeOn(Schedulers.boundedElastic()));
        })
        .onErrorResume(IllegalStateException.class, e -> Mono.fromSupplier(() -> {
          System.err.println("error: " + e.getMessage());
          return 1;
        }));
    return Main.await(serve, interrupt);
  }

  /** The emulator's flag table under this command's name. */
  static String usage() {
    return EmulatorConfig.usage()
        .replaceFirst("Usage: java -jar orchestrator-emulator.jar", "Usage: s64 emulator")
        .replaceFirst("\n", "\nRuns until Ctrl-C or SIGTERM; prints 'listening on"
            + " http://127.0.0.1:PORT' on stdout once it serves.\n");
  }
}

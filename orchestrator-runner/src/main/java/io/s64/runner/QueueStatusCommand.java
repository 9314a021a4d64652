package io.s64.runner;

import io.s64.runner.pipeline.Interrupt;
import io.s64.runner.queue.StatusReport;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code s64 queue status --redis URL --queue NAME}: prints where a queue stands. */
@Command(name = "status",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
        "Prints a work queue's jobs waiting, running and done (by outcome), the submissions under",
        "way, and the workers alive with the jobs each holds.",
        ""},
    footer = {"", "Exit codes: 0 printed; 2 usage error."})
final class QueueStatusCommand implements Callable<Integer> {
  @Mixin QueueOptions queue = new QueueOptions();

  @Option(names = "--alive", paramLabel = "DUR", defaultValue = "30s",
      converter = DurationConverter.class,
      description = "A worker counts as alive when its last heartbeat is this recent (give the"
          + " workers' --claim-after). Default: ${DEFAULT-VALUE}.")
  Duration alive = Duration.ofSeconds(30);

  @Override
  public Integer call() {
    Interrupt interrupt = new Interrupt();
    return Main.await(new StatusReport(queue.redis, queue.queue, alive, System.out, System.err).run(),
        interrupt);
  }
}

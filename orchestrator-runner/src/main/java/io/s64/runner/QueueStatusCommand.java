package io.s64.runner;

import io.s64.runner.pipeline.Interrupt;
import io.s64.runner.queue.StatusReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
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
        "way, and the workers alive with the jobs each holds; with the API key (SIXTYFOUR_API_KEY,",
        "--api-key-env or --api-key-file) also the key's slots held and by whom, and the budget",
        "left in the rate window, as every process on the key shares them through Redis.",
        ""},
    footer = {"", "Exit codes: 0 printed; 2 usage error."})
final class QueueStatusCommand implements Callable<Integer> {
  @Mixin QueueOptions queue = new QueueOptions();

  @Option(names = "--alive", paramLabel = "DUR", defaultValue = "30s",
      converter = DurationConverter.class,
      description = "A worker counts as alive when its last heartbeat is this recent (give the"
          + " workers' --claim-after). Default: ${DEFAULT-VALUE}.")
  Duration alive = Duration.ofSeconds(30);

  @Option(names = "--api-key-env", paramLabel = "NAME", defaultValue = "SIXTYFOUR_API_KEY",
      description = "Read the API key from this environment variable. Default: ${DEFAULT-VALUE}.")
  String apiKeyEnv = "SIXTYFOUR_API_KEY";

  @Option(names = "--api-key-file", paramLabel = "PATH",
      description = "Read the API key from this file. Default: none.")
  @Nullable Path apiKeyFile;

  @Override
  public Integer call() throws IOException {
    String key = apiKeyFile != null ? Files.readString(apiKeyFile, StandardCharsets.UTF_8).strip()
        : System.getenv(apiKeyEnv);
    Interrupt interrupt = new Interrupt();
    return Main.await(new StatusReport(queue.redis, queue.queue, alive,
        key == null || key.isBlank() ? null : key, System.out, System.err).run(), interrupt);
  }
}

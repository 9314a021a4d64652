package io.s64.runner;

import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The key's request budget: {@code --rate-limit} requests per {@code --rate-window}. A picocli
 * mixin of every command that runs a batch ({@code run}, {@code worker}, {@code workflow run}).
 */
final class RateOptions {
  @Option(names = "--rate-limit", paramLabel = "N", defaultValue = "500",
      description = "Requests allowed per rate window on the key (workers sharing a key give the"
          + " same). Default: ${DEFAULT-VALUE}.")
  int rateLimit = 500;

  @Option(names = "--rate-window", paramLabel = "DUR", defaultValue = "60s",
      converter = DurationConverter.class,
      description = "The rate window (durations: 250ms, 10s, 2m, 1h). Default: ${DEFAULT-VALUE}.")
  Duration rateWindow = Duration.ofSeconds(60);

  /** Checks the values picocli cannot: a limit of at least 1. */
  void check(CommandLine cl) {
    if (rateLimit < 1) {
      throw new CommandLine.ParameterException(cl,
          "--rate-limit must be at least 1 but was " + rateLimit);
    }
  }
}

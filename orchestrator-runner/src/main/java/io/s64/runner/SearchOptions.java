package io.s64.runner;

import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * How deep searches run: slots, poll interval and schedule, timeout. A picocli mixin of {@code
 * run} and {@code worker}, which run deep searches alike.
 */
final class SearchOptions {
  @Option(names = "--slots", paramLabel = "N", defaultValue = "5",
      description = "Deep searches running at once (the organization's limit; workers sharing a"
          + " key count together). Default: ${DEFAULT-VALUE}.")
  int slots = 5;

  @Option(names = "--poll-interval", paramLabel = "DUR", converter = DurationConverter.class,
      description = "How often a running search is polled; below 10s it also lowers the 10s floor."
          + " Default: every 10-15s (1s with --emulator).")
  @Nullable Duration pollInterval;

  @Option(names = "--poll-schedule", paramLabel = "learned|fixed", defaultValue = "learned",
      description = "learned: poll where searches are likely to end, learned from the run's"
          + " finished searches (until then the docs' 30-120s, in proportion to --poll-interval"
          + " when given), within the budget of the poll interval (on average no more polls than"
          + " it) and never twice within 2s; fixed: poll at the interval, as the API docs say."
          + " Default: ${DEFAULT-VALUE}.")
  String pollSchedule = "learned";

  @Option(names = "--search-timeout", paramLabel = "DUR", defaultValue = "30m",
      converter = DurationConverter.class,
      description = "How long a search may run before its job ends timed_out (a later --resume"
          + " re-attaches to it). Default: ${DEFAULT-VALUE}.")
  Duration searchTimeout = Duration.ofMinutes(30);

  /** Checks the values picocli cannot: at least one slot, a known schedule. */
  void check(CommandLine cl) {
    if (slots < 1) {
      throw new CommandLine.ParameterException(cl, "--slots must be at least 1 but was " + slots);
    }
    String s = pollSchedule.trim().toLowerCase(Locale.ROOT);
    if (!s.equals("learned") && !s.equals("fixed")) {
      throw new CommandLine.ParameterException(cl,
          "--poll-schedule must be learned or fixed but was '" + pollSchedule + "'");
    }
  }

  /** Whether deep searches are polled on the learned schedule. */
  boolean learned() {
    return pollSchedule.trim().toLowerCase(Locale.ROOT).equals("learned");
  }
}

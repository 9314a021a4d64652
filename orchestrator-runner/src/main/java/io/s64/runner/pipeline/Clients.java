package io.s64.runner.pipeline;

import io.s64.Sixtyfour;
import io.s64.batch.Batch;
import io.s64.journal.Journal;
import io.s64.error.ConfigurationException;
import io.s64.poll.PollSchedule;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Builds the client and the batch of a run from its options, naming the option in every error. */
final class Clients {
  /** The poll cadence against the embedded emulator, whose searches take seconds. */
  static final Duration EMULATOR_CADENCE = Duration.ofSeconds(1);

  private Clients() {}

  /**
   * The client; {@code key} is sent to {@code baseUrl} only.
   *
   * @param meters where its meters go ({@code --metrics-port}), or null
   */
  static Sixtyfour client(RunOptions o, String baseUrl, ApiKeys.Key key,
      @Nullable MeterRegistry meters) {
    Sixtyfour.Builder b = Sixtyfour.builder();
    if (meters != null) {
      b.meterRegistry(meters);
    }
    try {
      b.baseUrl(baseUrl);
    } catch (ConfigurationException e) {
      throw new UsageException("--base-url: " + e.getMessage());
    }
    try {
      b.apiKey(key.value());
    } catch (ConfigurationException e) {
      throw new UsageException("the API key in " + key.source() + " is unusable: " + e.getMessage());
    }
    b.rateLimit(o.rateLimit(), o.rateWindow())
        .slots(o.slots())
        .allowInsecureHttp(o.allowInsecureHttp());
    try {
      return b.build();
    } catch (ConfigurationException e) {
      throw new UsageException("--base-url '" + baseUrl + "' uses plain http to a host that is not"
          + " this machine, which would send the API key in clear text; use https, or add"
          + " --allow-insecure-http");
    }
  }

  /**
   * The batch, polling at the chosen cadence with the chosen deadline, within the credit limit.
   *
   * @param meters where its meters go ({@code --metrics-port}), or null
   */
  static Batch batch(Sixtyfour client, RunOptions o, Journal journal,
      @Nullable MeterRegistry meters) {
    PollSchedule poll = PollSchedule.defaults().withDeadline(o.searchTimeout());
    Duration cadence = o.pollInterval() != null ? o.pollInterval()
        : o.emulator() ? EMULATOR_CADENCE : null;
    if (cadence != null) {
      poll = poll.withCadence(cadence);
    }
    Batch.Builder b = Batch.builder(client);
    if (meters != null) {
      b.meterRegistry(meters);
    }
    if (o.maxCredits() != null) {
      b.maxCredits(o.maxCredits());
    }
    return b
        .poll(poll)
        .exportPoll(poll)
        .enrichmentPoll(poll)
        .pageSize(o.defaults().pageSize())
        .csvResults(o.csvResults())
        .journal(journal)
        .workflowPoll(workflowPoll(o))
        .stallTimeout(o.workflow().stallTimeout())
        .retryStalled(o.workflow().retryStalled())
        .build();
  }

  /**
   * Live status every 5–10 s (the docs' cadence), or every --poll-interval (plus up to as much
   * again at random), or every second against the embedded emulator.
   */
  static PollSchedule workflowPoll(RunOptions o) {
    Duration cadence = o.pollInterval() != null ? o.pollInterval()
        : o.emulator() ? EMULATOR_CADENCE : Duration.ofSeconds(5);
    return PollSchedule.defaults().withCadence(cadence).withJitter(1.0);
  }
}

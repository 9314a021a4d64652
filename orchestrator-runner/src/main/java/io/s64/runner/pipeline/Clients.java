package io.s64.runner.pipeline;

import io.s64.Sixtyfour;
import io.s64.batch.Batch;
import io.s64.journal.Journal;
import io.s64.error.ConfigurationException;
import io.s64.poll.PollSchedule;
import io.micrometer.core.instrument.MeterRegistry;
import io.s64.limits.RequestBudget;
import io.s64.runner.output.RequestLog;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Schedulers;

/** Builds the client and the batch of a run from its options, naming the option in every error. */
final class Clients {
  /** The poll cadence against the embedded emulator, whose searches take seconds. */
  static final Duration EMULATOR_CADENCE = Duration.ofSeconds(1);

  private Clients() {}

  /** The client's connection pool, and so the most requests its budget keeps on the wire. */
  static final int MAX_CONNECTIONS = 128;

  /**
   * The run's request budget, as the client would make its own (the options' rate, at most
   * {@link #MAX_CONNECTIONS} on the wire, on the client's default scheduler), logged into {@code
   * file}.
   */
  static RequestLog requestLog(RunOptions o, Path file, Instant startedAt) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("rate_limit", o.rateLimit());
    settings.put("rate_window_ms", o.rateWindow().toMillis());
    settings.put("slots", o.slots());
    Duration cadence = cadence(o);
    settings.put("poll_interval_ms", cadence == null ? null : cadence.toMillis());
    settings.put("search_timeout_ms", o.searchTimeout().toMillis());
    return new RequestLog(RequestBudget.local(o.rateLimit(), o.rateWindow(), MAX_CONNECTIONS,
        Schedulers.parallel()), file, startedAt, settings);
  }

  /**
   * The client; {@code key} is sent to {@code baseUrl} only; its requests go through {@code
   * budget}.
   *
   * @param meters where its meters go ({@code --metrics-port}), or null
   */
  static Sixtyfour client(RunOptions o, String baseUrl, ApiKeys.Key key, RequestBudget budget,
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
    b.maxConnections(MAX_CONNECTIONS)
        .budget(budget)
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

  /** The poll cadence the options ask for, or null for the schedule's default. */
  private static @Nullable Duration cadence(RunOptions o) {
    return o.pollInterval() != null ? o.pollInterval() : o.emulator() ? EMULATOR_CADENCE : null;
  }

  /**
   * The batch, polling at the chosen cadence with the chosen deadline, within the credit limit.
   *
   * @param meters where its meters go ({@code --metrics-port}), or null
   */
  static Batch batch(Sixtyfour client, RunOptions o, Journal journal,
      @Nullable MeterRegistry meters) {
    PollSchedule poll = PollSchedule.defaults().withDeadline(o.searchTimeout());
    Duration cadence = cadence(o);
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
        .build();
  }
}

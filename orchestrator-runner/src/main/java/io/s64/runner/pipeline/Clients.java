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
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Schedulers;

/** Builds the client and the batch of a run from its options, naming the option in every error. */
final class Clients {
  /** The poll cadence against the embedded emulator, whose searches take seconds. */
  static final Duration EMULATOR_CADENCE = Duration.ofSeconds(1);

  /** The client's connection pool, and so the most requests its budget keeps on the wire. */
  static final int MAX_CONNECTIONS = 128;

  private Clients() {}

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

  /** The client; {@code key} is sent to {@code baseUrl} only. */
  static Sixtyfour client(RunOptions o, String baseUrl, ApiKeys.Key key) {
    return client(o, baseUrl, key, Sixtyfour.Builder::build);
  }

  /**
   * The client of a run; {@code key} is sent to {@code baseUrl} only; its requests go through
   * {@code budget}.
   *
   * @param meters where its meters go ({@code --metrics-port}), or null
   */
  static Sixtyfour client(RunOptions o, String baseUrl, ApiKeys.Key key, RequestBudget budget,
      @Nullable MeterRegistry meters) {
    return client(o, baseUrl, key, b -> {
      b.maxConnections(MAX_CONNECTIONS).budget(budget);
      if (meters != null) {
        b.meterRegistry(meters);
      }
      return b.build();
    });
  }

  /**
   * The client, built by {@code build} from the configured builder (which may put limits shared
   * with other processes on it first).
   */
  static Sixtyfour client(RunOptions o, String baseUrl, ApiKeys.Key key,
      Function<Sixtyfour.Builder, Sixtyfour> build) {
    Sixtyfour.Builder b = Sixtyfour.builder();
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
      return build.apply(b);
    } catch (ConfigurationException e) {
      throw new UsageException("--base-url '" + baseUrl + "' uses plain http to a host that is not"
          + " this machine, which would send the API key in clear text; use https, or add"
          + " --allow-insecure-http");
    }
  }

  /** {@code d} in proportion to {@code interval} as it is to the docs' 10 s cadence. */
  private static Duration scaled(Duration d, Duration interval) {
    return Duration.ofNanos((long) (d.toNanos() * (interval.toNanos() / 10e9)));
  }

  /**
   * The batch, polling deep searches on the learned schedule within the chosen cadence's budget
   * (or at that cadence with {@code --poll-schedule fixed}), with the chosen deadline.
   */
  static Batch batch(Sixtyfour client, RunOptions o, Journal journal) {
    return batch(client, o, journal, UnaryOperator.identity());
  }

  /** The batch, with {@code more} settings (such as a registry shared with other processes). */
  static Batch batch(Sixtyfour client, RunOptions o, Journal journal,
      UnaryOperator<Batch.Builder> more) {
    PollSchedule poll = PollSchedule.defaults().withDeadline(o.searchTimeout());
    Duration cadence = cadence(o);
    if (cadence != null) {
      poll = poll.withCadence(cadence);
    }
    Batch.Builder b = Batch.builder(client).poll(poll);
    if (o.maxCredits() != null) {
      b.maxCredits(o.maxCredits());
    }
    if (o.learnedPolls()) {
      PollSchedule.Learned learned = PollSchedule.Learned.defaults().withDeadline(o.searchTimeout());
      if (o.emulator()) {
        learned = learned.withCadence(cadence)
            .withPrior(DemoEmulator.SEARCH_MIN, DemoEmulator.SEARCH_MAX);
      } else if (o.pollInterval() != null) {
        // The docs pair a 10 s cadence with searches of 30-120 s; another cadence keeps the pair's
        // proportion as the prior until this run's searches teach it better.
        Duration interval = o.pollInterval();
        learned = learned.withCadence(interval).withPrior(
            scaled(learned.priorMin(), interval), scaled(learned.priorMax(), interval));
      }
      b.poll(learned);
    }
    return more.apply(b
        .exportPoll(poll)
        .enrichmentPoll(poll)
        .pageSize(o.defaults().pageSize())
        .csvResults(o.csvResults())
        .journal(journal)
        .workflowPoll(workflowPoll(o))
        .stallTimeout(o.workflow().stallTimeout())
        .retryStalled(o.workflow().retryStalled()))
        .build();
  }

  /** The poll cadence the options ask for, or null for the schedule's default. */
  private static @Nullable Duration cadence(RunOptions o) {
    return o.pollInterval() != null ? o.pollInterval() : o.emulator() ? EMULATOR_CADENCE : null;
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

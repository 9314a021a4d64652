package io.s64.batch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.s64.job.Job;
import io.s64.job.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * A batch's meters in a Micrometer registry. The only class of the batch that names Micrometer
 * types; it is loaded only when the application gives the batch a registry. Tags are a job's kind,
 * status and failure reason: never an id, a query or a key.
 */
final class MicrometerBatchMeters implements BatchMeters {
  private final MeterRegistry registry;
  private final Counter rows;
  private final Timer deepSearches;

  private MicrometerBatchMeters(MeterRegistry registry) {
    this.registry = registry;
    this.rows = Counter.builder("s64.batch.rows")
        .description("Result rows delivered to the sink")
        .register(registry);
    this.deepSearches = Timer.builder("s64.deep.search.duration")
        .description("A deep search from its acknowledged start to the poll that saw it terminal")
        .publishPercentiles(0.5, 0.9, 0.99)
        .publishPercentileHistogram()
        .register(registry);
  }

  /** @param registry a {@code MeterRegistry}, typed {@code Object} so callers need not load Micrometer */
  static BatchMeters register(Object registry) {
    return new MicrometerBatchMeters((MeterRegistry) registry);
  }

  @Override
  public void finished(Outcome outcome) {
    Outcome.Failure failure = outcome.failure();
    Counter.builder("s64.batch.jobs")
        .description("Jobs ended, by kind, final status and failure reason")
        .tag("kind", lower(outcome.kind()))
        .tag("status", outcome.status().wire())
        .tag("reason", failure == null ? "none" : lower(failure.reason()))
        .register(registry)
        .increment();
    Instant started = outcome.startedAt();
    Instant terminal = outcome.terminalAt();
    if (outcome.kind() == Job.Kind.DEEP && started != null && terminal != null) {
      deepSearches.record(Duration.between(started, terminal));
    }
  }

  @Override
  public void rows(long n) {
    rows.increment(n);
  }

  @Override
  public void detected(Job.Kind kind, Duration bound) {
    Timer.builder("s64.poll.detection.delay")
        .description("Upper bound of how long a task's end went unnoticed: from the last poll"
            + " that saw it running to the poll that saw it terminal")
        .tag("kind", lower(kind))
        .publishPercentiles(0.5, 0.9, 0.99)
        .register(registry)
        .record(bound);
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}

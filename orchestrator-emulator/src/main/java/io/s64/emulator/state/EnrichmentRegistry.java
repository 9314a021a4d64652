package io.s64.emulator.state;

import com.fasterxml.jackson.databind.JsonNode;
import io.s64.emulator.EmulatorConfig;
import io.s64.emulator.internal.Ids;
import io.s64.emulator.limits.Credits;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Every enrichment job of one emulator, for its lifetime. A job's duration ({@code
 * --enrich-duration}) and random failure ({@code --enrich-fail-rate}) are drawn, in that order,
 * from a random stream of their own seeded with {@code --seed}, so they depend only on the seed and
 * the order of starts. Markers in any string of the subject force an outcome: {@code FAILME} →
 * failed, {@code CANCELME} → cancelled, {@code TERMINATEME} → terminated, {@code TIMEOUTME} →
 * timed out. Enrichment jobs hold no deep-search slot. Thread-safe.
 */
public final class EnrichmentRegistry {
  static final String FAILME_ERROR =
      "Enrichment failed: no data could be found for this input (FAILME)";
  public static final String RANDOM_ERROR = "Enrichment failed: upstream research agent error";

  /** A marker, the outcome it forces and the error text reported with it. */
  private enum Marker {
    FAILME(JobStatus.FAILED, FAILME_ERROR),
    CANCELME(JobStatus.CANCELLED, "Job was cancelled (CANCELME)"),
    TERMINATEME(JobStatus.TERMINATED, "Job was terminated (TERMINATEME)"),
    TIMEOUTME(JobStatus.TIMED_OUT, "Job timed out (TIMEOUTME)");

    final JobStatus status;
    final String error;

    Marker(JobStatus status, String error) {
      this.status = status;
      this.error = error;
    }
  }

  private final EmulatorConfig config;
  private final Credits credits;
  private final EnrichmentResults results;
  private final Ids ids;
  private final SplittableRandom draws;
  private final Map<String, EnrichmentJob> jobs = new HashMap<>();

  public EnrichmentRegistry(EmulatorConfig config, EnrichmentResults results, Ids ids,
      Credits credits) {
    this.credits = credits;
    this.config = config;
    this.results = results;
    this.ids = ids;
    this.draws = new SplittableRandom(config.seed() ^ 0xE7A1C4L);
  }

  /**
   * Creates a job started at {@code now} and charges it to {@code credits}; null, creating and
   * charging nothing, when the balance cannot cover the job.
   */
  public @Nullable EnrichmentJob create(EnrichmentRequest request, Instant now) {
    EnrichmentResults.Enriched enriched = results.enrich(request);
    int charge = config.priceEnrichment().map(p -> (int) Credits.cents(p))
        .orElse(enriched.chargeCents());
    if (!credits.tryCharge(charge)) {
      return null;
    }
    Marker marker = marker(request.subject());
    String taskId = ids.uuid();
    String runId = ids.uuid();
    synchronized (this) {
      Duration duration = Timeline.drawn(config.enrichDuration(), draws.nextDouble());
      boolean randomFailure = draws.nextDouble() < config.enrichFailRate();
      JobStatus outcome = marker != null ? marker.status
          : randomFailure ? JobStatus.FAILED : JobStatus.COMPLETED;
      String error = marker != null ? marker.error : randomFailure ? RANDOM_ERROR : null;
      EnrichmentJob job = new EnrichmentJob(taskId, runId, request.kind(), now,
          now.plus(duration), outcome, error, enriched.result(), charge,
          request.webhookUrl());
      jobs.put(taskId, job);
      return job;
    }
  }

  public synchronized @Nullable EnrichmentJob job(String taskId) {
    return jobs.get(taskId);
  }

  /** The first marker found in any string value of {@code node}, at any depth, or null. */
  private static @Nullable Marker marker(JsonNode node) {
    if (node.isTextual()) {
      for (Marker marker : Marker.values()) {
        if (node.textValue().contains(marker.name())) {
          return marker;
        }
      }
      return null;
    }
    for (JsonNode child : node) { // an object's values, an array's items
      Marker found = marker(child);
      if (found != null) {
        return found;
      }
    }
    return null;
  }
}

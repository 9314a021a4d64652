package io.s64.example.webflux;

import io.s64.job.Outcome;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One outcome as the service sends it, in the event stream: the service's own JSON shape, written
 * by Boot's Jackson 3. Core's types are never handed to that Jackson (core has its own, Jackson 2).
 *
 * @param jobId the job's id
 * @param kind {@code deep}, {@code filter}, ...
 * @param status {@code completed}, {@code failed}, {@code timed_out}, {@code duplicate},
 *     {@code invalid} or {@code cancelled}
 * @param rows rows delivered
 * @param error why it failed, or null
 * @param message why it was invalid, cancelled or timed out, or null
 * @param duplicateOf the job it repeats, or null
 * @param elapsedMs from admission to outcome
 */
public record OutcomeEvent(
    String jobId,
    String kind,
    String status,
    long rows,
    @Nullable String error,
    @Nullable String message,
    @Nullable String duplicateOf,
    long elapsedMs) {

  static OutcomeEvent of(Outcome o) {
    Outcome.Failure f = o.failure();
    String error = f == null ? null
        : (f.status() > 0 ? "HTTP " + f.status() + ": " : "") + f.detail();
    return new OutcomeEvent(o.jobId(), o.kind().name().toLowerCase(Locale.ROOT), o.status().wire(),
        o.rows(), error, o.message(), o.duplicateOf(), o.elapsed().toMillis());
  }
}

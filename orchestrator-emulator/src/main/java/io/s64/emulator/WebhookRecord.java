package io.s64.emulator;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One webhook event (the terminal event of an enrichment job sent with a {@code webhook_url}) and
 * how its delivery went, as seen at the moment of the snapshot: the same data as one element of
 * {@code GET /_emulator/webhooks}.
 *
 * @param eventId the {@code Sixtyfour-Event-Id}, the same on every attempt
 * @param taskId the job's task id (the envelope's {@code task_id})
 * @param taskType the envelope's {@code task_type}, also sent as {@code Sixtyfour-Event-Type}
 * @param status the envelope's {@code status}: {@code completed} or {@code failed}
 * @param url where it is delivered
 * @param createdAt when the job reached its terminal status, by the emulator clock
 * @param attempts delivery attempts started so far
 * @param nextAttemptAt when the next attempt is due by the emulator clock, or null while an
 *     attempt is in flight and once the event is delivered or given up
 * @param lastStatus the HTTP status of the last answered attempt's response, or null when the last
 *     attempt got no response (connection error, timeout) or none has ended yet
 * @param lastError why the last attempt got no response, or null
 * @param delivered whether an attempt was answered with a 2xx
 * @param gaveUp whether every attempt failed and no more will be made
 */
public record WebhookRecord(
    String eventId,
    String taskId,
    String taskType,
    String status,
    String url,
    Instant createdAt,
    int attempts,
    @Nullable Instant nextAttemptAt,
    @Nullable Integer lastStatus,
    @Nullable String lastError,
    boolean delivered,
    boolean gaveUp) {

  /** Checks the required components. */
  public WebhookRecord {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(taskType, "taskType");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}

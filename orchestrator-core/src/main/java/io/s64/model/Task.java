package io.s64.model;

import org.jspecify.annotations.Nullable;

/**
 * Work the server accepted and runs on its own: a deep search ({@code start-deep-search}), an
 * export ({@code /search/export}), or a people or company intelligence job. Poll {@link #taskId()}
 * with {@code Sixtyfour.searchStatus}, {@code exportStatus} or {@code jobStatus}.
 *
 * @param taskId the task to poll
 * @param status the server's status string at acceptance, typically {@code queued} (informational)
 * @param message the server's message; empty when it sent none
 * @param searchId for a deep-search start, the {@code search_id} it was sent with (retries reuse
 *     it); for an export, the search being exported; null for enrichment jobs
 */
public record Task(String taskId, String status, String message, @Nullable String searchId) {}

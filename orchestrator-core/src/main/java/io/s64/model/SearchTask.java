package io.s64.model;

/**
 * A search or export the server accepted: the answer of {@code start-deep-search} and of
 * {@code /search/export}. Poll {@link #taskId()} with {@code Sixtyfour.searchStatus}.
 *
 * @param taskId the task to poll
 * @param status the server's status string at acceptance, typically {@code queued} (informational)
 * @param message the server's message
 * @param searchId for a start, the {@code search_id} it was sent with (retries reuse it); for an
 *     export, the search being exported
 */
public record SearchTask(String taskId, String status, String message, String searchId) {}

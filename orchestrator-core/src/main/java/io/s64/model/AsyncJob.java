package io.s64.model;

/**
 * An asynchronous enrichment job the server accepted. Poll {@link #taskId()} with {@code
 * Sixtyfour.jobStatus}, or receive the result by webhook.
 *
 * @param taskId the job to poll
 * @param status the server's status at acceptance ({@code RUNNING}, {@code queued}...), informational
 */
public record AsyncJob(String taskId, String status) {}

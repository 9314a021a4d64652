package io.s64.emulator;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One search or export the emulator knows, as seen at the moment of the snapshot: the same data
 * as one element of {@code GET /_emulator/searches}.
 *
 * @param taskId the task id ({@code null} for a filter search, which has no task)
 * @param searchId the search id; for an export, the id of the exported search
 * @param kind {@code deep}, {@code filter} or {@code export}
 * @param query the query text (deep), the canonical JSON of the parsed query (filter), or the
 *     exported search's query (export)
 * @param mode {@code people} or {@code company}
 * @param status {@code queued}, {@code running}, {@code completed} or {@code failed}, by the clock
 * @param createdAt when the search was created
 * @param endsAt when it ends (equal to {@code createdAt} for a filter search)
 * @param totalRows rows the search yields (for an export: rows in the file)
 * @param distinctRowsServed distinct rows served at least once through pages or full downloads
 *     (for an export: those of the exported search)
 * @param statusPolls status requests answered for this deep search (0 for filters and exports)
 * @param terminalSeenAt when a status response first showed this deep search terminal, or null
 */
public record SearchRecord(
    @Nullable String taskId,
    String searchId,
    String kind,
    String query,
    String mode,
    String status,
    Instant createdAt,
    Instant endsAt,
    long totalRows,
    long distinctRowsServed,
    int statusPolls,
    @Nullable Instant terminalSeenAt) {

  /** Checks the required components. */
  public SearchRecord {
    Objects.requireNonNull(searchId, "searchId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(endsAt, "endsAt");
  }
}

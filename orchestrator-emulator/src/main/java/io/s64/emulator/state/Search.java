package io.s64.emulator.state;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s64.emulator.SearchRecord;
import io.s64.emulator.rows.Mode;
import java.time.Instant;
import java.util.BitSet;
import org.jspecify.annotations.Nullable;

/**
 * A search with rows: a deep search (a task with a timeline) or a filter search made by {@code
 * /search/query} (complete as soon as it exists). Immutable except for the record of rows served.
 */
public final class Search {
  /** What created the search. */
  enum Kind {
    DEEP("deep"),
    FILTER("filter");

    final String wire;

    Kind(String wire) {
      this.wire = wire;
    }
  }

  final Kind kind;
  public final @Nullable String taskId;
  public final String searchId;
  /** The query text (deep, natural language) or the canonical JSON of the parsed query. */
  final String query;
  /** The round-trippable parsed query echoed by /search/query. */
  public final ObjectNode parsedQuery;
  /** The natural-language query, when there was one. */
  public final @Nullable String naturalLanguage;
  public final Mode mode;
  public final Timeline timeline;
  /** The failure message of a FAILME search, else null. */
  public final @Nullable String failure;
  public final String rowKey;
  /** Rows the query matches before the max_results cap. */
  public final int available;
  /** Rows the search yields: {@code min(available, max_results)}, 0 when it fails. */
  public final int totalRows;
  /** The CSV handle of a deep search in csv output mode, else null. */
  public final @Nullable String resourceHandleId;
  private final BitSet served = new BitSet();
  private int statusPolls;
  private @Nullable Instant terminalSeenAt;

  Search(Kind kind, @Nullable String taskId, String searchId, String query, ObjectNode parsedQuery,
      @Nullable String naturalLanguage, Mode mode, Timeline timeline, @Nullable String failure,
      String rowKey, int available, int totalRows, @Nullable String resourceHandleId) {
    this.kind = kind;
    this.taskId = taskId;
    this.searchId = searchId;
    this.query = query;
    this.parsedQuery = parsedQuery;
    this.naturalLanguage = naturalLanguage;
    this.mode = mode;
    this.timeline = timeline;
    this.failure = failure;
    this.rowKey = rowKey;
    this.available = available;
    this.totalRows = totalRows;
    this.resourceHandleId = resourceHandleId;
  }

  public TaskStatus statusAt(Instant now) {
    return timeline.statusAt(now, failure != null);
  }

  /** Counts one status response at {@code now}, and the first one that shows the search ended. */
  public synchronized void markPolled(Instant now, boolean terminal) {
    statusPolls++;
    if (terminal && terminalSeenAt == null) {
      terminalSeenAt = now;
    }
  }

  /** Records rows {@code [from, to)} as served. */
  public synchronized void markServed(int from, int to) {
    if (to > from) {
      served.set(from, to);
    }
  }

  /** Distinct rows served at least once. */
  synchronized int servedCount() {
    return served.cardinality();
  }

  synchronized SearchRecord record(Instant now) {
    return new SearchRecord(taskId, searchId, kind.wire, query, mode.wire(),
        statusAt(now).wire(), timeline.createdAt(), timeline.endsAt(), totalRows, servedCount(),
        statusPolls, terminalSeenAt);
  }
}

package io.s64.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The status of a deep search or export task, from {@code GET /search/status/{task_id}}.
 *
 * @param taskId the task
 * @param state the status, read case-insensitively; {@link State#UNKNOWN} for values the contract
 *     does not name (the raw string is in {@code status})
 * @param status the raw status string
 * @param startTime when the task started, as the server wrote it
 * @param currentPhase the server's phase counter, if any
 * @param progressMessage what the search is doing now, for progress displays (with {@code
 *     iterations}, what the API's documentation says to show as progress)
 * @param closeTime when the task ended, as the server wrote it
 * @param resourceHandleId the CSV file of a completed search or export, for {@code download}
 * @param totalResults the number of results of a completed search
 * @param error the server's error text of a failed search
 * @param searchId the search id, usable with {@code /search/query}
 * @param iterations the search's iterations so far, one object each as the server sent it (the
 *     documentation describes {@code {iteration, results, elapsed_ms, message}}); empty when the
 *     server sent none
 */
public record SearchStatus(
    String taskId,
    State state,
    String status,
    @Nullable String startTime,
    @Nullable Integer currentPhase,
    @Nullable String progressMessage,
    @Nullable String closeTime,
    @Nullable String resourceHandleId,
    @Nullable Long totalResults,
    @Nullable String error,
    @Nullable String searchId,
    List<Map<String, @Nullable Object>> iterations) {

  /** Copies {@code iterations} into an unmodifiable list of unmodifiable objects. */
  public SearchStatus {
    List<Map<String, @Nullable Object>> copy = new ArrayList<>(iterations.size());
    for (Map<String, @Nullable Object> iteration : iterations) {
      copy.add(JsonValues.copy(iteration, "iterations"));
    }
    iterations = Collections.unmodifiableList(copy);
  }

  /** The task states the contract names. */
  public enum State {
    QUEUED,
    RUNNING,
    COMPLETED,
    FAILED,
    /** A value the contract does not name; polling goes on. */
    UNKNOWN;

    /** Reads a status string case-insensitively. */
    public static State parse(String status) {
      switch (status.trim().toLowerCase(Locale.ROOT)) {
        case "queued":
        case "pending":
          return QUEUED;
        case "running":
        case "in_progress":
          return RUNNING;
        case "completed":
        case "complete":
        case "succeeded":
          return COMPLETED;
        case "failed":
        case "error":
          return FAILED;
        default:
          return UNKNOWN;
      }
    }
  }

  /** Whether the task has ended, successfully or not. */
  public boolean isTerminal() {
    return state == State.COMPLETED || state == State.FAILED;
  }
}

package io.s64.emulator.search;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s64.emulator.http.ApiResponse;
import io.s64.emulator.http.Exchange;
import io.s64.emulator.internal.Json;
import io.s64.emulator.state.Export;
import io.s64.emulator.state.Search;
import io.s64.emulator.state.SearchRegistry;
import io.s64.emulator.state.TaskStatus;
import io.s64.emulator.state.Timeline;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /search/status/{task_id}} and its alias {@code /search/deep-search-status/{task_id}}:
 * the {@code AgenticSearchStatusResponse} of a deep search or an export, computed from the clock.
 *
 * <p>A deep search runs three iterations: phase 1 while queued and planning (the first 15% of the
 * running time), phase 2 while searching ("Searching (iteration k of 3)"), phase 3 while
 * finalizing (the last 10%) and once completed. With progress hints off ({@code
 * --progress-hints=false}) a running or queued search shows no phase, no iterations and the same
 * message throughout, so a client can learn nothing from them.
 *
 * <p>Every answer about a deep search is counted on it, with the moment it first showed the search
 * ended, for {@code /_emulator/searches}.
 */
public final class StatusHandler {
  public static final String NOT_FOUND = "Search task or export file not found.";
  private static final int ITERATIONS = 3;
  private static final double PLANNING = 0.15;
  private static final double FINALIZING = 0.90;

  private static final String NO_HINT = "Searching";

  private final SearchRegistry registry;
  private final boolean hints;

  /** @param hints whether a deep search's status follows its progress */
  public StatusHandler(SearchRegistry registry, boolean hints) {
    this.registry = registry;
    this.hints = hints;
  }

  public ApiResponse handle(Exchange exchange) {
    String taskId = exchange.pathParam();
    Search search = registry.deepTask(taskId);
    if (search != null) {
      Instant now = exchange.now();
      search.markPolled(now, search.statusAt(now).terminal());
      return ApiResponse.json(200, hints ? deep(search, now) : withoutHints(search, now));
    }
    Export export = registry.exportTask(taskId);
    if (export != null) {
      return ApiResponse.json(200, export(export, exchange.now()));
    }
    return ApiResponse.detail(404, NOT_FOUND);
  }

  private static ObjectNode deep(Search s, Instant now) {
    TaskStatus status = s.statusAt(now);
    double progress = s.timeline.progress(now);
    int phase;
    String message;
    int iterationsDone;
    if (status == TaskStatus.QUEUED) {
      phase = 1;
      message = "Queued: waiting for a search worker";
      iterationsDone = -1;
    } else if (status == TaskStatus.FAILED) {
      phase = 2;
      message = "Search failed";
      iterationsDone = ITERATIONS;
    } else if (status == TaskStatus.COMPLETED || progress >= FINALIZING) {
      phase = 3;
      message = "Finalizing results";
      iterationsDone = ITERATIONS;
    } else if (progress < PLANNING) {
      phase = 1;
      message = "Planning the search";
      iterationsDone = 0;
    } else {
      phase = 2;
      int k = Math.min(ITERATIONS,
          1 + (int) ((progress - PLANNING) / (FINALIZING - PLANNING) * ITERATIONS));
      message = "Searching (iteration " + k + " of " + ITERATIONS + ")";
      iterationsDone = k - 1;
    }
    boolean completed = status == TaskStatus.COMPLETED;
    ObjectNode node = common(s.taskId == null ? "" : s.taskId, status, s.timeline, phase, message);
    node.put("resource_handle_id", completed ? s.resourceHandleId : null);
    putCount(node, "total_results", completed ? s.totalRows : null);
    putCount(node, "exported_count",
        completed ? (s.resourceHandleId != null ? s.totalRows : 0) : null);
    node.put("error", status == TaskStatus.FAILED ? s.failure : null);
    node.put("search_id", s.searchId);
    if (iterationsDone < 0) {
      node.putNull("iterations");
    } else {
      node.set("iterations", iterations(s, iterationsDone));
    }
    return node;
  }

  /** The status with nothing that follows progress: a constant message until the end. */
  private static ObjectNode withoutHints(Search s, Instant now) {
    TaskStatus status = s.statusAt(now);
    if (status.terminal()) {
      return deep(s, now);
    }
    ObjectNode node = Json.object()
        .put("task_id", s.taskId == null ? "" : s.taskId)
        .put("status", status.wire())
        .put("start_time", Json.iso(s.timeline.createdAt()));
    node.putNull("current_phase");
    node.put("progress_message", NO_HINT);
    node.putNull("close_time");
    node.putNull("resource_handle_id");
    node.putNull("total_results");
    node.putNull("exported_count");
    node.putNull("error");
    node.put("search_id", s.searchId);
    node.putNull("iterations");
    return node;
  }

  private static ObjectNode export(Export e, Instant now) {
    TaskStatus status = e.statusAt(now);
    int phase = status == TaskStatus.QUEUED ? 1 : status == TaskStatus.RUNNING ? 2 : 3;
    String message = status == TaskStatus.QUEUED ? "Queued: waiting for an export worker"
        : status == TaskStatus.RUNNING ? "Exporting results" : "Export complete";
    boolean completed = status == TaskStatus.COMPLETED;
    ObjectNode node = common(e.taskId(), status, e.timeline(), phase, message);
    node.put("resource_handle_id", completed ? e.resourceHandleId() : null);
    putCount(node, "total_results", completed ? e.rows() : null);
    putCount(node, "exported_count", completed ? e.rows()
        : status == TaskStatus.RUNNING ? (int) (e.rows() * e.timeline().progress(now)) : 0);
    node.putNull("error");
    node.put("search_id", e.source().searchId);
    node.putNull("iterations");
    return node;
  }

  private static ObjectNode common(String taskId, TaskStatus status, Timeline timeline, int phase,
      String message) {
    ObjectNode node = Json.object()
        .put("task_id", taskId)
        .put("status", status.wire())
        .put("start_time", Json.iso(timeline.createdAt()))
        .put("current_phase", phase)
        .put("progress_message", message);
    node.put("close_time", status.terminal() ? Json.iso(timeline.endsAt()) : null);
    return node;
  }

  private static ArrayNode iterations(Search s, int done) {
    ArrayNode list = Json.array();
    Duration running = Duration.between(s.timeline.queuedUntil(), s.timeline.endsAt());
    double span = (FINALIZING - PLANNING) / ITERATIONS;
    for (int i = 1; i <= done; i++) {
      long found = Math.round(s.totalRows * (double) i / ITERATIONS);
      list.addObject()
          .put("iteration", i)
          .put("results", found)
          .put("elapsed_ms", (long) (running.toMillis() * (PLANNING + span * i)))
          .put("message", "Iteration " + i + ": " + found + " candidates so far");
    }
    return list;
  }

  private static void putCount(ObjectNode node, String name, @Nullable Integer value) {
    if (value == null) {
      node.putNull(name);
    } else {
      node.put(name, value.intValue());
    }
  }
}

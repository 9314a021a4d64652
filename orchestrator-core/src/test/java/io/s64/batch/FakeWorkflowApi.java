package io.s64.batch;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s64.error.ApiException;
import io.s64.http.HttpTransport;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * A small in-process server of the workflow runs endpoints on virtual time, for unit tests of the
 * flow: runs deduplicated by Idempotency-Key, two blocks whose progress follows the clock (one row
 * per second per block), results as a CSV (one row per input row, with an {@code email}) behind a
 * URL. A row whose {@code name} is {@code STALL} freezes its run at 50 % ({@code STALL_ONCE}: only
 * the first run of those rows); {@code FAIL} fails its second block with an error message. Not a mock: the real client and flow run over it.
 */
final class FakeWorkflowApi implements HttpTransport {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A run as the server keeps it. */
  static final class Run {
    final String id;
    final List<Map<String, Object>> rows;
    final long startedAt;
    boolean cancelled;
    /** Stalls whatever its rows say: the first run of rows marked STALL_ONCE. */
    boolean stalls;

    Run(String id, List<Map<String, Object>> rows, long startedAt) {
      this.id = id;
      this.rows = rows;
      this.startedAt = startedAt;
    }
  }

  private final Scheduler clock;
  private final Map<String, Run> runs = new LinkedHashMap<>();
  private final Map<String, String> byKey = new HashMap<>();
  final List<String> cancels = new ArrayList<>();
  int starts;
  int linkRequests;

  FakeWorkflowApi(Scheduler clock) {
    this.clock = clock;
  }

  /** Forgets every Idempotency-Key, as a real server may some hours after a start: runs stay. */
  synchronized void forgetKeys() {
    byKey.clear();
  }

  synchronized int runsCreated() {
    return runs.size();
  }

  private long now() {
    return clock.now(TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized Mono<Response> exchange(Request request) {
    String path = request.path();
    try {
      if (path.startsWith("/workflows/run?")) {
        starts++;
        String key = request.headers().get("Idempotency-Key");
        if (key != null && byKey.containsKey(key)) {
          return reply(200, Map.of("status", "running", "workflow_id", "wf", "job_id", byKey.get(key),
              "already_started", true));
        }
        Map<String, Object> body = JSON.readValue(request.body(), new TypeReference<>() {});
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) body.get("webhook_payload");
        String id = "run-" + (runs.size() + 1);
        Run run = new Run(id, rows, now());
        run.stalls = rows.stream().anyMatch(r -> "STALL_ONCE".equals(r.get("name")))
            && runs.values().stream().noneMatch(other -> other.rows.equals(rows));
        runs.put(id, run);
        if (key != null) {
          byKey.put(key, id);
        }
        return reply(200, Map.of("status", "queued", "workflow_id", "wf", "job_id", id,
            "already_started", false));
      }
      if (path.startsWith("/workflows/cancel?job_id=")) {
        String id = path.substring("/workflows/cancel?job_id=".length());
        cancels.add(id);
        runs.get(id).cancelled = true;
        return reply(200, Map.of("job_id", id, "status", "canceled"));
      }
      if (path.endsWith("/live_status")) {
        Run run = runs.get(path.split("/")[3]);
        return run == null ? reply(404, Map.of("detail", "Workflow not found")) : reply(200, live(run));
      }
      if (path.contains("/results/download-links")) {
        linkRequests++;
        Run run = runs.get(path.split("/")[3]);
        return reply(200, List.of(Map.of("filename", run.id + ".csv", "storage_bucket", "b",
            "row_count", run.rows.size(), "block_number", 2,
            "download_url", "http://127.0.0.1:9/files/" + run.id + "?sig=secret",
            "download_expires_in_seconds", 900)));
      }
      return reply(404, Map.of("detail", "no route " + path));
    } catch (Exception e) {
      return Mono.error(e);
    }
  }

  /** Seconds of work a run has done; frozen at half when it stalls. */
  private Map<String, Object> live(Run run) {
    int n = run.rows.size();
    long done = (now() - run.startedAt) / 1000;
    boolean stall = run.stalls || run.rows.stream().anyMatch(r -> "STALL".equals(r.get("name")));
    boolean fail = run.rows.stream().anyMatch(r -> "FAIL".equals(r.get("name")));
    if (stall) {
      done = Math.min(done, n);
    }
    long first = Math.min(n, done);
    long second = Math.max(0, Math.min(n, done - n));
    String overall = run.cancelled ? "cancelled" : second >= n ? "completed" : "running";
    List<Map<String, Object>> blocks = new ArrayList<>();
    blocks.add(block("webhook", 1, first, n, first >= n ? "completed" : "running", null));
    String secondStatus = second >= n ? "completed" : first >= n ? "running" : "pending";
    String error = null;
    if (fail && second >= n / 2 && first >= n) {
      secondStatus = "failed";
      overall = "failed";
      error = "email provider timed out";
    }
    blocks.add(block("find_email", 2, second, n, secondStatus, error));
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("run_id", run.id);
    o.put("workflow_id", "wf");
    o.put("overall_status", overall);
    o.put("current_block", first < n ? "webhook" : "find_email");
    o.put("overall_progress_percentage", 100.0 * (first + second) / (2.0 * n));
    o.put("last_updated", "x");
    o.put("blocks", blocks);
    return o;
  }

  private static Map<String, Object> block(String name, int seq, long done, int n, String status,
      String error) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("block_name", name);
    b.put("sequence_number", seq);
    b.put("status", status);
    b.put("processed_count", done);
    b.put("total_count", n);
    b.put("progress_percentage", 100.0 * done / n);
    b.put("error_message", error);
    b.put("last_updated", "x");
    return b;
  }

  private static Mono<Response> reply(int status, Object body) {
    try {
      return Mono.just(new Response(status, Map.of("content-type", "application/json"),
          JSON.writeValueAsBytes(body)));
    } catch (Exception e) {
      return Mono.error(e);
    }
  }

  /** The CSV of a run: its rows' names and an email each. */
  synchronized byte[] csv(String runId) {
    StringBuilder b = new StringBuilder("name,email\r\n");
    for (Map<String, Object> r : runs.get(runId).rows) {
      b.append(r.get("name")).append(',').append(String.valueOf(r.get("name")).toLowerCase())
          .append("@example.com\r\n");
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Flux<ByteBuffer> download(URI url, long offset) {
    if (!url.getQuery().equals("sig=secret")) {
      return Flux.error(new ApiException("GET storage", 403, "expired", List.of()));
    }
    String id = url.getPath().substring("/files/".length());
    byte[] all = csv(id);
    return Flux.just(ByteBuffer.wrap(all, (int) offset, all.length - (int) offset));
  }

  @Override
  public Mono<Void> close() {
    return Mono.empty();
  }
}

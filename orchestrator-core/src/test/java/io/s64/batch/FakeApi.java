package io.s64.batch;

import io.s64.job.Job;
import io.s64.http.HttpTransport;
import io.s64.internal.Json;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * A small in-process Sixtyfour server for pipeline tests on virtual time. Searches take the
 * duration written in their query ({@code "... 45s"}, default 30 s) and yield the number of rows
 * written in it ({@code "... rows=25"}, default 12); {@code FAILME} fails. It records what a
 * server would know: when each search started, when its terminal status was first served, when
 * its first page was requested, and the peak number of searches running at once.
 */
final class FakeApi implements HttpTransport {
  private static final Pattern DURATION = Pattern.compile("(\\d+)s\\b");
  private static final Pattern ROWS = Pattern.compile("rows=(\\d+)");

  /** A search as the fake server sees it. */
  static final class Search {
    final String taskId;
    final String searchId;
    final String query;
    final long startedAt;
    final long endsAt;
    final int rows;
    long terminalSeenAt = -1;
    long firstPageAt = -1;

    Search(String taskId, String searchId, String query, long startedAt, long endsAt, int rows) {
      this.taskId = taskId;
      this.searchId = searchId;
      this.query = query;
      this.startedAt = startedAt;
      this.endsAt = endsAt;
      this.rows = rows;
    }
  }

  private final Scheduler clock;
  private final int slots;
  final Map<String, Search> bySearchId = new LinkedHashMap<>();
  private final Map<String, Search> byTask = new HashMap<>();
  private final Map<String, long[]> cursors = new HashMap<>(); // cursor -> {search index, offset, page size, issued at}
  private final List<Search> searches = new ArrayList<>();
  final List<String> log = new ArrayList<>();
  int starts;
  int slotsBusy;
  int peakRunning;
  long foreignSlotsUntil;
  int foreignSlots;
  long unauthorizedFrom = Long.MAX_VALUE;
  boolean expireCursorsOnce;
  /** When positive, cursors live this long and pages say so in {@code cursor_expires_in_seconds}. */
  long cursorTtlMillis;
  int cursorsExpired;
  /** The credit balance in whole credits, or negative for none (no check-balance, no charges). */
  long credits = -1;
  /** What a created search costs, in credits. */
  long priceDeepSearch = 1;
  int balanceReads;
  int insufficient;
  /** The bodies of query requests that are not cursor follow-ups. */
  final List<Map<String, Object>> firstPageBodies = new ArrayList<>();

  FakeApi(Scheduler clock, int slots) {
    this.clock = clock;
    this.slots = slots;
  }

  long now() {
    return clock.now(TimeUnit.MILLISECONDS);
  }

  synchronized List<Search> searches() {
    return List.copyOf(searches);
  }

  private int running(long now) {
    int n = now < foreignSlotsUntil ? foreignSlots : 0;
    for (Search s : searches) {
      if (s.endsAt > now) {
        n++;
      }
    }
    return n;
  }

  @Override
  public synchronized Mono<Response> exchange(Request request) {
    long now = now();
    log.add(now + " " + request.method() + " " + request.path());
    if (now >= unauthorizedFrom) {
      return reply(401, Map.of("detail", "Invalid API key"));
    }
    Map<String, Object> body = request.body() == null ? Map.of() : Json.readObject(request.body(), "test");
    String path = request.path();
    if (path.equals("/search/start-deep-search")) {
      return start(body, now);
    }
    if (path.startsWith("/search/status/")) {
      return status(path.substring("/search/status/".length()), now);
    }
    if (path.equals("/search/query")) {
      return query(body, now);
    }
    if (path.endsWith("-intelligence-async")) {
      return enrich(body, now, path.startsWith("/people") ? "lead_enrichment" : "company_enrichment");
    }
    if (path.startsWith("/job-status/")) {
      return jobStatus(path.substring("/job-status/".length()), now);
    }
    if (path.equals("/check-balance") && credits >= 0) {
      balanceReads++;
      return reply(200, Map.of("credits", credits));
    }
    return reply(404, Map.of("detail", "Not Found"));
  }

  private Mono<Response> start(Map<String, Object> body, long now) {
    starts++;
    String searchId = (String) body.get("search_id");
    Search known = bySearchId.get(searchId);
    if (known != null) {
      return reply(200, Map.of("task_id", known.taskId, "status", "queued", "message", "replayed"));
    }
    if (running(now) >= slots) {
      slotsBusy++;
      return reply(429, Map.of("detail", "Too many concurrent deep searches"));
    }
    if (credits >= 0) {
      if (credits < priceDeepSearch) {
        insufficient++;
        return reply(402, Map.of("detail", "Insufficient API credits"));
      }
      credits -= priceDeepSearch;
    }
    String query = (String) body.get("query");
    Matcher d = DURATION.matcher(query);
    Matcher r = ROWS.matcher(query);
    long duration = d.find() ? Long.parseLong(d.group(1)) * 1000 : 30_000;
    int rows = r.find() ? Integer.parseInt(r.group(1)) : 12;
    Search s = new Search("task-" + (searches.size() + 1), searchId, query, now, now + duration, rows);
    searches.add(s);
    bySearchId.put(searchId, s);
    byTask.put(s.taskId, s);
    peakRunning = Math.max(peakRunning, running(now));
    return reply(200, Map.of("task_id", s.taskId, "status", "queued", "message", "Search started successfully"));
  }

  private Mono<Response> status(String taskId, long now) {
    Search s = byTask.get(taskId);
    if (s == null) {
      return reply(404, Map.of("detail", "Search task or export file not found."));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("task_id", taskId);
    out.put("search_id", s.searchId);
    out.put("start_time", "2026-11-22T10:00:00Z");
    if (now < s.endsAt) {
      out.put("status", "running");
      out.put("progress_message", "Searching");
    } else if (s.query.contains("FAILME")) {
      out.put("status", "failed");
      out.put("error", "upstream provider failed (FAILME)");
      markSeen(s, now);
    } else {
      out.put("status", "completed");
      out.put("total_results", s.rows);
      out.put("resource_handle_id", "rh-" + s.taskId);
      markSeen(s, now);
    }
    return reply(200, out);
  }

  /** Enrichment jobs: id → {started, ends, failed(0/1)}; the request text decides duration and fate. */
  final Map<String, long[]> jobs = new LinkedHashMap<>();
  final Map<String, String> jobTypes = new HashMap<>();

  private Mono<Response> enrich(Map<String, Object> body, long now, String type) {
    if (credits >= 0) {
      if (credits < 1) {
        insufficient++;
        return reply(402, Map.of("detail", "Insufficient API credits"));
      }
      credits -= 1;
    }
    String text = Json.canonical(body);
    Matcher d = DURATION.matcher(text);
    long duration = d.find() ? Long.parseLong(d.group(1)) * 1000 : 60_000;
    String id = "job-" + (jobs.size() + 1);
    jobs.put(id, new long[] {now, now + duration, text.contains("FAILME") ? 1 : 0});
    jobTypes.put(id, type);
    if (text.contains("LOSE")) {
      return Mono.error(new io.s64.error.TransportException("connection reset", false, null));
    }
    return reply(200, Map.of("task_id", id, "status", "RUNNING"));
  }

  private Mono<Response> jobStatus(String id, long now) {
    long[] j = jobs.get(id);
    if (j == null) {
      return reply(404, Map.of("detail", "Job not found"));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", id);
    out.put("run_id", "run-" + id);
    out.put("start_time", "2026-11-22T10:00:00Z");
    if (now < j[1]) {
      out.put("status", "running");
    } else if (j[2] == 1) {
      out.put("status", "failed");
      out.put("error", "research failed (FAILME)");
    } else {
      out.put("status", "completed");
      out.put("close_time", "2026-11-22T10:05:00Z");
      out.put("task_type", jobTypes.get(id));
      out.put("result", Map.of("structured_data", Map.of("email", id + "@example.com"),
          "confidence_score", 0.9, "notes", "found"));
      out.put("charge_amount", 5);
    }
    return reply(200, out);
  }

  private static void markSeen(Search s, long now) {
    if (s.terminalSeenAt < 0) {
      s.terminalSeenAt = now;
    }
  }

  private Mono<Response> query(Map<String, Object> body, long now) {
    int pageSize;
    Search s;
    int offset;
    if (body.containsKey("cursor")) {
      if (body.size() != 1) {
        return reply(400, Map.of("detail", "Cursor requests must send only {\"cursor\": ...}."));
      }
      long[] c = cursors.get((String) body.get("cursor"));
      if (c == null || expireCursorsOnce || cursorTtlMillis > 0 && now - c[3] >= cursorTtlMillis) {
        expireCursorsOnce = false;
        cursorsExpired++;
        return reply(400, Map.of("detail", "Cursor expired or invalid"));
      }
      s = searches.get((int) c[0]);
      offset = (int) c[1];
      pageSize = (int) c[2];
    } else {
      s = bySearchId.get((String) body.get("search_id"));
      if (s == null) {
        return reply(404, Map.of("detail", "Search not found or has no parsed_query."));
      }
      offset = 0;
      pageSize = ((Number) body.getOrDefault("page_size", 10)).intValue();
      firstPageBodies.add(body);
      if (s.firstPageAt < 0) {
        s.firstPageAt = now;
      }
    }
    int end = Math.min(s.rows, offset + pageSize);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = offset; i < end; i++) {
      rows.add(Map.of("id", s.searchId + "-" + i, "full_name", "Person " + i));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("total_results", end);
    out.put("search_id", s.searchId);
    out.put("results", rows);
    boolean more = end < s.rows;
    out.put("has_more", more);
    if (more) {
      String cursor = "c" + cursors.size();
      cursors.put(cursor, new long[] {searches.indexOf(s), end, pageSize, now});
      out.put("next_cursor", cursor);
      if (cursorTtlMillis > 0) {
        out.put("cursor_expires_in_seconds", cursorTtlMillis / 1000);
      }
    } else {
      out.put("next_cursor", null);
    }
    return reply(200, out);
  }

  private static Mono<Response> reply(int status, Object body) {
    Map<String, String> headers = Map.of("content-type", "application/json");
    return Mono.just(new Response(status, headers, Json.write(body)));
  }

  @Override
  public Flux<ByteBuffer> download(URI url, long offset) {
    return Flux.just(ByteBuffer.wrap("id\n".getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public Mono<Void> close() {
    return Mono.empty();
  }

}

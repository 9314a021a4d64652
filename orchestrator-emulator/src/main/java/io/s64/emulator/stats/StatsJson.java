package io.s64.emulator.stats;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s64.emulator.EmulatorStats;
import io.s64.emulator.SearchRecord;
import io.s64.emulator.WebhookRecord;
import io.s64.emulator.WorkflowStats;
import io.s64.emulator.internal.Json;
import java.util.List;
import java.util.Map;

/**
 * The JSON of {@code /_emulator/stats}, {@code /_emulator/searches} and {@code /_emulator/webhooks}
 * (snake_case names).
 */
public final class StatsJson {
  private StatsJson() {}

  public static ObjectNode stats(EmulatorStats s) {
    ObjectNode node = Json.object()
        .put("requests_total", s.requestsTotal());
    node.set("requests_by_endpoint", counts(s.requestsByEndpoint()));
    node.set("responses_by_status", counts(s.responsesByStatus()));
    node.put("rate_limited", s.rateLimited())
        .put("slots_busy", s.slotsBusy());
    node.set("faults_by_kind", counts(s.faultsByKind()));
    node.put("peak_concurrent_searches", s.peakConcurrentSearches())
        .put("peak_requests_in_window", s.peakRequestsInWindow())
        .put("accepted_requests", s.acceptedRequests())
        .put("windows_used", s.windowsUsed())
        .put("starts", s.starts())
        .put("starts_replayed", s.startsReplayed())
        .put("searches_created", s.searchesCreated())
        .put("requests_during_pause", s.requestsDuringPause())
        .put("requests_in_pause_grace", s.requestsInPauseGrace())
        .put("pause_breaches_on_the_429_connection", s.pauseBreachesOnThe429Connection())
        .put("unauthorized", s.unauthorized());
    node.set("rows_served", counts(s.rowsServed()));
    node.set("rows_total", counts(s.rowsTotal()));
    node.put("downloads_cut", s.downloadsCut())
        .put("download_links_expired", s.downloadLinksExpired())
        .put("cursors_refused", s.cursorsRefused())
        .put("short_pages", s.shortPages())
        .put("exports_created", s.exportsCreated())
        .put("filter_searches_created", s.filterSearchesCreated())
        .put("enrichment_jobs_created", s.enrichmentJobsCreated())
        .put("webhook_attempts", s.webhookAttempts())
        .put("webhooks_delivered", s.webhooksDelivered())
        .put("webhooks_failed", s.webhooksFailed());
    node.set("workflows", workflows(s.workflows()));
    node.put("busy_slots", s.busySlots())
        .put("since", Json.iso(s.since()))
        .put("at", Json.iso(s.at()));
    return node;
  }

  public static ArrayNode searches(List<SearchRecord> records) {
    ArrayNode list = Json.array();
    for (SearchRecord r : records) {
      list.addObject()
          .put("task_id", r.taskId())
          .put("search_id", r.searchId())
          .put("kind", r.kind())
          .put("query", r.query())
          .put("mode", r.mode())
          .put("status", r.status())
          .put("created_at", Json.iso(r.createdAt()))
          .put("ends_at", Json.iso(r.endsAt()))
          .put("total_rows", r.totalRows())
          .put("distinct_rows_served", r.distinctRowsServed())
          .put("status_polls", r.statusPolls())
          .put("terminal_seen_at", r.terminalSeenAt() == null ? null : Json.iso(r.terminalSeenAt()));
    }
    return list;
  }

  public static ArrayNode webhooks(List<WebhookRecord> records) {
    ArrayNode list = Json.array();
    for (WebhookRecord r : records) {
      ObjectNode node = list.addObject()
          .put("event_id", r.eventId())
          .put("task_id", r.taskId())
          .put("task_type", r.taskType())
          .put("status", r.status())
          .put("url", r.url())
          .put("created_at", Json.iso(r.createdAt()))
          .put("attempts", r.attempts());
      node.put("next_attempt_at", r.nextAttemptAt() == null ? null : Json.iso(r.nextAttemptAt()));
      node.put("last_status", r.lastStatus());
      node.put("last_error", r.lastError());
      node.put("delivered", r.delivered())
          .put("gave_up", r.gaveUp());
    }
    return list;
  }

  private static ObjectNode workflows(WorkflowStats w) {
    ObjectNode node = Json.object()
        .put("runs_started", w.runsStarted())
        .put("runs_replayed", w.runsReplayed())
        .put("idempotency_conflicts", w.idempotencyConflicts())
        .put("rows_submitted", w.rowsSubmitted())
        .put("result_rows_served", w.resultRowsServed());
    node.set("runs_by_status", counts(w.runsByStatus()));
    return node;
  }

  private static ObjectNode counts(Map<?, ? extends Number> map) {
    ObjectNode node = Json.object();
    map.forEach((k, v) -> node.put(String.valueOf(k), v.longValue()));
    return node;
  }
}

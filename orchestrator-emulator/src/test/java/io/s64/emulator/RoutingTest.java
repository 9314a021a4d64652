package io.s64.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RoutingTest {
  private Fixture fx;

  @BeforeEach
  void open() {
    fx = Fixture.start();
  }

  @AfterEach
  void close() {
    fx.close();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/", "/search", "/search/status", "/search/status/a/b", "/search/query/",
      "/v1/search/query", "/_emulator/nothing", "/job-status", "/job-status/a/b",
      "/people-intelligence", "/company-intelligence-async/x"})
  void anUnknownPathIs404NotFound(String path) {
    Api.Reply reply = fx.api.get(path);
    assertEquals(404, reply.status());
    assertEquals("Not Found", reply.detail());
    assertEquals("application/json", reply.header("content-type"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"GET, /search/query, POST", "GET, /search/start-deep-search, POST",
      "GET, /search/export, POST", "POST, /search/status/t1, GET", "DELETE, /search/download, GET",
      "PUT, /_emulator/stats, GET", "GET, /people-intelligence-async, POST",
      "GET, /company-intelligence-async, POST", "POST, /job-status/j1, GET",
      "POST, /_emulator/webhooks, GET"})
  void aKnownPathWithAnotherMethodIs405(String method, String path, String allowed) {
    HttpRequest request = fx.api.request(path)
        .method(method, HttpRequest.BodyPublishers.ofString("{\"query\":\"cto\"}")).build();
    Api.Reply reply = fx.api.send(request);
    assertEquals(405, reply.status());
    assertEquals("Method Not Allowed", reply.detail());
    assertEquals(allowed, reply.header("allow"));
    assertEquals(0, fx.emulator.searches().size());
  }

  @Test
  void introspectionNeedsNoKeyAndIsNotCounted() {
    Api anonymous = fx.api.withKey(null);
    assertEquals(200, anonymous.get("/_emulator/stats").status());
    assertEquals(200, anonymous.get("/_emulator/searches").status());
    assertEquals(0, fx.emulator.stats().requestsTotal());
    assertEquals(0, fx.emulator.stats().responsesByStatus().size());
  }

  @Test
  void theStatsEndpointServesTheLibrarySnapshotInSnakeCase() {
    fx.startSearch("{\"query\":\"cto\",\"search_id\":\"s-1\"}");
    fx.api.post("/search/start-deep-search", "{\"query\":\"cto\",\"search_id\":\"s-1\"}");
    EmulatorStats stats = fx.emulator.stats();
    JsonNode json = fx.api.get("/_emulator/stats").json();
    assertEquals(stats.requestsTotal(), json.get("requests_total").asLong());
    assertEquals(stats.startsReplayed(), json.get("starts_replayed").asLong());
    assertEquals(2, json.get("requests_by_endpoint").get("POST /search/start-deep-search").asInt());
    assertEquals(2, json.get("responses_by_status").get("200").asInt());
    assertEquals(0, json.get("faults_by_kind").get("HTTP_502_HTML").asInt());
    assertEquals(1, json.get("peak_concurrent_searches").asInt());
    assertEquals(2, json.get("peak_requests_in_window").asInt());
    assertTrue(json.get("rows_total").get("s-1").asInt() >= 20);
    assertEquals(0, json.get("rows_served").get("s-1").asInt());
    assertEquals("2030-01-01T00:00:00Z", json.get("at").asText());
    for (String field : new String[] {"rate_limited", "slots_busy", "starts", "searches_created",
        "requests_during_pause", "requests_in_pause_grace",
        "pause_breaches_on_the_429_connection", "unauthorized", "downloads_cut",
        "download_links_expired", "cursors_refused", "short_pages", "busy_slots", "since"}) {
      assertTrue(json.has(field), field);
    }
  }

  @Test
  void theSearchesEndpointListsTheLibraryRecords() {
    String task = fx.startSearch("{\"query\":\"cto\",\"mode\":\"company\"}");
    JsonNode list = fx.api.get("/_emulator/searches").json();
    assertEquals(1, list.size());
    SearchRecord record = fx.emulator.searches().get(0);
    JsonNode json = list.get(0);
    assertEquals(task, record.taskId());
    assertEquals(task, json.get("task_id").asText());
    assertEquals(record.searchId(), json.get("search_id").asText());
    assertEquals("deep", json.get("kind").asText());
    assertEquals("cto", json.get("query").asText());
    assertEquals("company", json.get("mode").asText());
    assertEquals("queued", json.get("status").asText());
    assertEquals("2030-01-01T00:00:00Z", json.get("created_at").asText());
    assertEquals("2030-01-01T00:01:00Z", json.get("ends_at").asText());
    assertEquals(record.totalRows(), json.get("total_rows").asLong());
    assertEquals(0, json.get("distinct_rows_served").asLong());
  }

  @Test
  void resetClearsTheCountersButKeepsTheSearches() {
    fx.startSearch("{\"query\":\"cto\"}");
    fx.api.withKey(null).get("/search/status/x");
    assertEquals(200, fx.api.post("/_emulator/reset-stats", "").status());
    EmulatorStats stats = fx.emulator.stats();
    assertEquals(0, stats.requestsTotal());
    assertEquals(0, stats.unauthorized());
    assertEquals(1, stats.peakConcurrentSearches(), "the search still running");
    assertEquals(1, fx.emulator.searches().size());
  }

  @Test
  void everyRequestBodyIsConsumedSoTheConnectionStaysUsable() {
    String big = "{\"pad\":\"" + "x".repeat(200_000) + "\"}";
    for (int i = 0; i < 3; i++) {
      assertEquals(404, fx.api.post("/nowhere", big).status());
      assertEquals(405, fx.api.post("/search/status/t", big).status());
      assertEquals(401, fx.api.withKey(null).post("/search/query", big).status());
    }
    assertEquals(400, fx.api.post("/search/query", big).status());
  }
}

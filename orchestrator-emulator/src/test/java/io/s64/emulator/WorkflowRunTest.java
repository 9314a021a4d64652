package io.s64.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Workflow runs over HTTP on a manual clock: live status as the blocks progress, results behind
 * signed URLs, idempotent starts, the run list and cancellation.
 */
class WorkflowRunTest {
  private @Nullable Fixture fx;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  void liveStatusFollowsTheBlocksAsTheClockMoves() {
    fx = Flows.start();
    String run = Flows.started(fx.api, Flows.LEADS, Flows.payload(Flows.leads(100)));
    JsonNode queued = Flows.live(fx.api, run);
    assertEquals("queued", queued.get("overall_status").asText());
    assertEquals(3, queued.get("total_blocks").asInt());
    assertEquals("pending", queued.get("blocks").get(0).get("status").asText());

    // 100 rows at 10 ms per row per block: each block takes 1 s after a 0.3 s queue.
    fx.clock.advance(Duration.ofMillis(800));
    JsonNode first = Flows.live(fx.api, run);
    assertEquals("running", first.get("overall_status").asText());
    assertEquals("webhook", first.get("current_block").asText());
    assertEquals(1, first.get("current_block_sequence").asInt());
    JsonNode webhook = first.get("blocks").get(0);
    assertEquals("running", webhook.get("status").asText());
    assertEquals(50, webhook.get("processed_count").asInt());
    assertEquals(100, webhook.get("total_count").asInt());
    assertEquals(50.0, webhook.get("progress_percentage").asDouble());
    assertEquals(16.6, first.get("overall_progress_percentage").asDouble());

    fx.clock.advance(Duration.ofSeconds(1));
    JsonNode second = Flows.live(fx.api, run);
    assertEquals("lead_enrichment", second.get("current_block").asText());
    assertEquals(1, second.get("completed_blocks").asInt());
    assertEquals("completed", second.get("blocks").get(0).get("status").asText());
    assertEquals(100, second.get("blocks").get(0).get("metrics").get("row_count").asInt());
    assertEquals(50.0, second.get("overall_progress_percentage").asDouble());
    assertEquals("[\"input\"]", second.get("blocks").get(1).get("previous_block_ids")
        .toString());

    fx.clock.advance(Duration.ofMillis(1500));
    JsonNode done = Flows.live(fx.api, run);
    assertEquals("completed", done.get("overall_status").asText());
    assertEquals(100.0, done.get("overall_progress_percentage").asDouble());
    assertEquals(3, done.get("completed_blocks").asInt());
    assertTrue(done.get("current_block").isNull());
    assertEquals(Fixture.T0.plusMillis(3300).toString(), done.get("completed_at").asText());
  }

  @Test
  void aRunOf10000RowsTakesMinutesWithTheDefaultRowTime() {
    fx = Fixture.start();
    String run = Flows.started(fx.api, Flows.LEADS, Flows.payload(Flows.leads(10_000)));
    fx.clock.advance(Duration.ofMinutes(9));
    assertEquals("running", Flows.live(fx.api, run).get("overall_status").asText());
    fx.clock.advance(Duration.ofMinutes(2));
    assertEquals("completed", Flows.live(fx.api, run).get("overall_status").asText());
  }

  @Test
  void resultsAreASignedCsvWithEveryRowEnrichedOnce() {
    fx = Flows.start();
    String run = Flows.started(fx.api, Flows.LEADS, Flows.payload(Flows.leads(100)));
    Api.Reply early = fx.api.get("/workflows/runs/" + run + "/results/download-links");
    assertEquals("[]", early.body());
    fx.clock.advance(Duration.ofSeconds(4));
    JsonNode link = Flows.link(fx.api, run, "csv");
    assertEquals(100, link.get("row_count").asInt());
    assertEquals(900, link.get("download_expires_in_seconds").asInt());
    assertEquals(3, link.get("block_number").asInt());
    assertTrue(link.get("results").isNull(), "100 rows are not inlined");
    Api.Reply file = fx.api.withKey(null).get(link.get("download_url").asText());
    assertEquals(200, file.status());
    assertEquals(link.get("file_size").asInt(), file.bytes().length);
    List<List<String>> csv = RfcCsv.parse(file.body());
    assertEquals(101, csv.size());
    List<String> header = csv.get(0);
    for (String column : List.of("full_name", "company", "ref", "title", "linkedin_url",
        "location", "confidence_score", "email", "email_status")) {
      assertTrue(header.contains(column), column + " in " + header);
    }
    Set<String> refs = new HashSet<>();
    int ref = header.indexOf("ref");
    for (List<String> row : csv.subList(1, csv.size())) {
      assertTrue(refs.add(row.get(ref)), "twice: " + row.get(ref));
    }
    assertEquals(100, refs.size());

    WorkflowStats stats = fx.emulator.stats().workflows();
    assertEquals(1, stats.runsStarted());
    assertEquals(100, stats.rowsSubmitted());
    assertEquals(100, stats.resultRowsServed());
    assertEquals(1, stats.runs("completed"));
  }

  @Test
  void theSameRowsGiveTheSameResults() {
    fx = Flows.start();
    String body = Flows.payload(Flows.leads(30));
    String a = Flows.started(fx.api, Flows.LEADS, body);
    String b = Flows.started(fx.api, Flows.LEADS, body);
    fx.clock.advance(Duration.ofSeconds(5));
    byte[] first = fx.api.get(Flows.link(fx.api, a, "ndjson").get("download_url").asText())
        .bytes();
    byte[] second = fx.api.get(Flows.link(fx.api, b, "ndjson").get("download_url").asText())
        .bytes();
    assertArrayEquals(first, second);
    assertEquals(30, new String(first, StandardCharsets.UTF_8).lines().count());
  }

  @Test
  void jsonResultsNeedSaveJson() {
    fx = Flows.start();
    String plain = Flows.started(fx.api, Flows.LEADS, Flows.payload(Flows.leads(5)));
    Api.Reply saved = Flows.run(fx.api, Flows.LEADS, "&save_json=true&result_formats=csv",
        Flows.payload(Flows.leads(5)), null);
    assertEquals(200, saved.status(), saved.body());
    fx.clock.advance(Duration.ofSeconds(5));
    Api.Reply refused = fx.api.get("/workflows/runs/" + plain
        + "/results/download-links?format=json");
    assertEquals(400, refused.status());
    assertTrue(refused.detail().contains("save_json=true"), refused.body());
    JsonNode link = Flows.link(fx.api, saved.json().get("job_id").asText(), "json");
    assertEquals(5, link.get("results").size(), "five rows are inlined");
    JsonNode rows = fx.api.get(link.get("download_url").asText()).json();
    assertEquals(5, rows.size());
    assertTrue(rows.get(0).has("email_status"));
    Api.Reply badFormat = fx.api.get("/workflows/runs/" + plain
        + "/results/download-links?format=xlsx");
    assertEquals(422, badFormat.status());
  }

  @Test
  void aSignedLinkExpiresAfter900Seconds() {
    fx = Flows.start();
    String run = Flows.started(fx.api, Flows.LEADS, Flows.payload(Flows.leads(20)));
    fx.clock.advance(Duration.ofSeconds(5));
    String url = Flows.link(fx.api, run, "csv").get("download_url").asText();
    fx.clock.advance(Duration.ofSeconds(899));
    assertEquals(200, fx.api.get(url).status());
    fx.clock.advance(Duration.ofSeconds(1));
    Api.Reply expired = fx.api.get(url);
    assertEquals(403, expired.status());
    assertTrue(expired.body().contains("Request has expired"), expired.body());
    assertEquals(1, fx.emulator.stats().downloadLinksExpired());
    assertEquals(200, fx.api.get(Flows.link(fx.api, run, "csv").get("download_url").asText())
        .status());
  }

  @Test
  void aRetriedStartWithTheSameKeyStartsNothing() {
    fx = Flows.start();
    String body = Flows.payload(Flows.leads(10));
    Api.Reply first = Flows.run(fx.api, Flows.LEADS, "", body, "chunk-0001");
    assertEquals(200, first.status(), first.body());
    assertEquals("queued", first.json().get("status").asText());
    assertFalse(first.json().get("already_started").asBoolean());
    Api.Reply again = Flows.run(fx.api, Flows.LEADS, "", body, "chunk-0001");
    assertEquals(200, again.status(), again.body());
    assertTrue(again.json().get("already_started").asBoolean());
    assertEquals(first.json().get("job_id"), again.json().get("job_id"));
    Api.Reply other = Flows.run(fx.api, Flows.LEADS, "", Flows.payload(Flows.leads(11)),
        "chunk-0001");
    assertEquals(409, other.status());
    assertTrue(other.detail().contains("chunk-0001"), other.body());

    assertEquals(1, fx.api.get("/workflows/runs").json().size());
    WorkflowStats stats = fx.emulator.stats().workflows();
    assertEquals(1, stats.runsStarted());
    assertEquals(1, stats.runsReplayed());
    assertEquals(1, stats.idempotencyConflicts());
    assertEquals(10, stats.rowsSubmitted());
  }

  @Test
  void theRunListFiltersByStatusAndWorkflowNewestFirst() {
    fx = Flows.start();
    String a = Flows.started(fx.api, Flows.LEADS, Flows.payload(Flows.leads(10)));
    fx.clock.advance(Duration.ofSeconds(1));
    String b = Flows.started(fx.api, Flows.LEADS, Flows.payload(Flows.leads(1000)));
    String c = Flows.started(fx.api, Flows.COMPANIES,
        "{\"webhook_payload\":[{\"company_name\":\"Acme\"},{\"company_name\":\"Acme\"},"
            + "{\"company_name\":\"Bolt\"}]}");
    fx.clock.advance(Duration.ofMillis(10));
    assertEquals(200, fx.api.post("/workflows/cancel?job_id=" + c, "").status());
    fx.clock.advance(Duration.ofSeconds(1));

    assertEquals(List.of(c, b, a), ids("/workflows/runs"));
    assertEquals(List.of(b), ids("/workflows/runs?status=active"));
    assertEquals(List.of(a), ids("/workflows/runs?status=completed"));
    assertEquals(List.of(c), ids("/workflows/runs?status=cancelled"));
    assertEquals(List.of(b, a), ids("/workflows/runs?workflow_id=" + Flows.LEADS));
    assertEquals(List.of(c), ids("/workflows/runs?limit=1"));
    JsonNode item = fx.api.get("/workflows/runs?status=completed").json().get(0);
    assertEquals("Demo: enrich leads and find their emails", item.get("workflow_name").asText());
    assertEquals(10, item.get("metrics").get("rows_out").asInt());
    assertEquals(3, item.get("blocks_count").asInt());
    assertEquals(Fixture.T0.plusSeconds(1).toString(),
        fx.api.get("/workflows/" + Flows.LEADS).json().get("last_run_date").asText());
    assertEquals(422, fx.api.get("/workflows/runs?limit=0").status());
    assertEquals(422, fx.api.get("/workflows/runs?limit=501").status());
  }

  @Test
  void aCancelledRunStopsWhereItWas() {
    fx = Flows.start();
    String run = Flows.started(fx.api, Flows.LEADS, Flows.payload(Flows.leads(100)));
    fx.clock.advance(Duration.ofMillis(1800));
    Api.Reply cancel = fx.api.post("/workflows/cancel?job_id=" + run, "{}");
    assertEquals(200, cancel.status());
    assertEquals("canceled", cancel.json().get("status").asText());
    assertEquals(run, cancel.json().get("job_id").asText());
    fx.clock.advance(Duration.ofMinutes(5));
    JsonNode live = Flows.live(fx.api, run);
    assertEquals("cancelled", live.get("overall_status").asText());
    JsonNode enrich = live.get("blocks").get(1);
    assertEquals("cancelled", enrich.get("status").asText());
    assertEquals(50, enrich.get("processed_count").asInt());
    assertEquals(Fixture.T0.plusMillis(1800).toString(), live.get("completed_at").asText());
    assertEquals("[]", fx.api.get("/workflows/runs/" + run + "/results/download-links").body());
    assertEquals(1, fx.emulator.stats().workflows().runs("cancelled"));
  }

  @Test
  void cancellingIsIdempotentAndLeavesAnEndedRunAsItIs() {
    fx = Flows.start();
    String queued = Flows.started(fx.api, Flows.LEADS, Flows.payload(Flows.leads(100)));
    String small = Flows.started(fx.api, Flows.LEADS, Flows.payload(Flows.leads(1)));
    assertEquals("canceled", cancel(queued));
    assertEquals("canceled", cancel(queued));
    JsonNode live = Flows.live(fx.api, queued);
    assertEquals("cancelled", live.get("overall_status").asText());
    assertTrue(live.get("started_at").isNull());
    assertEquals("pending", live.get("blocks").get(0).get("status").asText());
    fx.clock.advance(Duration.ofSeconds(1));
    assertEquals("completed", cancel(small));
    assertEquals("completed", Flows.live(fx.api, small).get("overall_status").asText());
    assertEquals(1, Flows.link(fx.api, small, "csv").get("row_count").asInt());
  }

  private String cancel(String run) {
    Api.Reply reply = fx.api.post("/workflows/cancel?job_id=" + run, "");
    assertEquals(200, reply.status(), reply.body());
    return reply.json().get("status").asText();
  }

  private List<String> ids(String path) {
    Api.Reply reply = fx.api.get(path);
    assertEquals(200, reply.status(), reply.body());
    List<String> ids = new java.util.ArrayList<>();
    reply.json().forEach(r -> ids.add(r.get("job_id").asText()));
    return ids;
  }
}

package io.s64.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Workflow faults over HTTP: a block that fails, a run that stalls, the markers that force them,
 * a start whose answer is lost, and the rate limit that every workflow request counts against.
 */
class WorkflowFaultTest {
  private @Nullable Fixture fx;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  void aFailingBlockEndsTheRunFailedWithItsErrorMessage() {
    fx = Fixture.start(b -> b.workflowRowTime(Flows.ROW_TIME).workflowFailRate(1));
    String run = Flows.started(fx.api, Flows.LEADS, Flows.payload(Flows.leads(100)));
    fx.clock.advance(Duration.ofSeconds(10));
    JsonNode live = Flows.live(fx.api, run);
    assertEquals("failed", live.get("overall_status").asText());
    JsonNode failed = null;
    for (JsonNode block : live.get("blocks")) {
      if (block.get("status").asText().equals("failed")) {
        failed = block;
      }
    }
    assertTrue(failed != null, live.toString());
    String error = failed.get("error_message").asText();
    assertTrue(error.startsWith(failed.get("block_name").asText() + " failed after "), error);
    assertTrue(failed.get("processed_count").asInt() < 100, failed.toString());
    JsonNode item = fx.api.get("/workflows/runs").json().get(0);
    assertEquals("failed", item.get("status").asText());
    assertEquals(error, item.get("error_message").asText());
    assertEquals("[]", fx.api.get("/workflows/runs/" + run + "/results/download-links").body());
    assertEquals(1, fx.emulator.stats().workflows().runs("failed"));
  }

  @Test
  void aFailmeRowFailsTheFirstBlockAfterTheSourceAtThatRow() {
    fx = Flows.start();
    ArrayNode rows = Flows.leads(10);
    ((ObjectNode) rows.get(4)).put("note", "FAILME");
    String run = Flows.started(fx.api, Flows.LEADS, Flows.payload(rows));
    fx.clock.advance(Duration.ofSeconds(1));
    JsonNode enrich = Flows.live(fx.api, run).get("blocks").get(1);
    assertEquals("failed", enrich.get("status").asText());
    assertEquals(4, enrich.get("processed_count").asInt());
    assertEquals("lead_enrichment failed after 4 of 10 rows: a row carries the marker FAILME",
        enrich.get("error_message").asText());
  }

  @Test
  void aStalledRunStopsProgressingUntilCancelled() {
    fx = Fixture.start(b -> b.workflowRowTime(Flows.ROW_TIME).workflowStallRate(1));
    String run = Flows.started(fx.api, Flows.LEADS, Flows.payload(Flows.leads(100)));
    fx.clock.advance(Duration.ofSeconds(10));
    JsonNode before = Flows.live(fx.api, run);
    fx.clock.advance(Duration.ofHours(1));
    JsonNode after = Flows.live(fx.api, run);
    assertEquals("running", after.get("overall_status").asText());
    assertEquals(before.get("overall_progress_percentage"),
        after.get("overall_progress_percentage"));
    assertEquals(before.get("blocks"), after.get("blocks"));
    assertEquals(before.get("last_updated"), after.get("last_updated"));
    assertTrue(after.get("overall_progress_percentage").asDouble() < 100);

    Api.Reply cancel = fx.api.post("/workflows/cancel?job_id=" + run, "");
    assertEquals("canceled", cancel.json().get("status").asText());
    assertEquals("cancelled", Flows.live(fx.api, run).get("overall_status").asText());
  }

  @Test
  void aStallmeRowStallsTheRun() {
    fx = Flows.start();
    ArrayNode rows = Flows.leads(10);
    ((ObjectNode) rows.get(5)).put("note", "STALLME");
    String run = Flows.started(fx.api, Flows.LEADS, Flows.payload(rows));
    fx.clock.advance(Duration.ofMinutes(10));
    JsonNode live = Flows.live(fx.api, run);
    assertEquals("running", live.get("overall_status").asText());
    assertEquals("lead_enrichment", live.get("current_block").asText());
    assertEquals(5, live.get("blocks").get(1).get("processed_count").asInt());
  }

  @Test
  void aLostStartAnswerRetriedWithTheSameKeyStartsOneRun() throws IOException {
    fx = Fixture.start(b -> b.workflowRowTime(Flows.ROW_TIME)
        .fault(FaultKind.LOST_START, 1.0));
    String body = Flows.payload(Flows.leads(10));
    HttpRequest start = fx.api.request("/workflows/run?workflow_id=" + Flows.LEADS)
        .header("Idempotency-Key", "job-7-run-1")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    assertThrows(IOException.class, () -> fx.api.sendOrThrow(start));
    assertThrows(IOException.class, () -> fx.api.sendOrThrow(start));
    assertEquals(1, fx.emulator.stats().workflows().runsStarted());
    assertEquals(1, fx.emulator.stats().workflows().runsReplayed());
    assertEquals(2, fx.emulator.stats().faults(FaultKind.LOST_START));
  }

  @Test
  void a500AfterProcessingRetriedWithTheSameKeyStartsOneRun() {
    fx = Fixture.start(b -> b.workflowRowTime(Flows.ROW_TIME)
        .fault(FaultKind.HTTP_500_AFTER_PROCESSING, 1.0));
    String body = Flows.payload(Flows.leads(10));
    assertEquals(500, Flows.run(fx.api, Flows.LEADS, "", body, "k-1").status());
    assertEquals(500, Flows.run(fx.api, Flows.LEADS, "", body, "k-1").status());
    assertEquals(1, fx.emulator.stats().workflows().runsStarted());
    assertEquals(1, fx.emulator.stats().workflows().runsReplayed());
  }

  @Test
  void workflowRequestsCountAgainstTheRateLimit() {
    fx = Fixture.start(b -> b.workflowRowTime(Flows.ROW_TIME).rateLimit(3));
    String run = Flows.started(fx.api, Flows.LEADS, Flows.payload(Flows.leads(10)));
    assertEquals(200, fx.api.get("/workflows/runs/" + run + "/live_status").status());
    assertEquals(200, fx.api.get("/workflows").status());
    Api.Reply limited = fx.api.get("/workflows/runs/" + run + "/live_status");
    assertEquals(429, limited.status());
    assertEquals("0", limited.header("X-RateLimit-Remaining"));
    assertEquals(1, fx.emulator.stats().rateLimited());
    assertEquals(2, fx.emulator.stats().requests("GET /workflows/runs/{run_id}/live_status"));
  }
}

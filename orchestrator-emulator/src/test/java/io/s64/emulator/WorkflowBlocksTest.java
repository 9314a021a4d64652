package io.s64.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What blocks do to rows, seen in the result files over HTTP, and how result rows are counted as
 * served (once per run, only when a download reaches the end of the file).
 */
class WorkflowBlocksTest {
  private @Nullable Fixture fx;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  void theCompanyDemoDropsDuplicatesThenEnrichesEachCompany() {
    fx = Flows.start();
    String run = Flows.started(fx.api, Flows.COMPANIES, "{\"webhook_payload\":["
        + "{\"company_name\":\"Acme\"},{\"company_name\":\"Bolt\",\"note\":\"first\"},"
        + "{\"company_name\":\"Acme\",\"note\":\"again\"}]}");
    fx.clock.advance(Duration.ofSeconds(1));
    JsonNode live = Flows.live(fx.api, run);
    assertEquals(3, live.get("blocks").get(1).get("total_count").asInt());
    assertEquals(2, live.get("blocks").get(1).get("metrics").get("row_count").asInt());
    assertEquals(2, live.get("blocks").get(2).get("total_count").asInt());
    List<JsonNode> rows = ndjson(run);
    assertEquals(List.of("Acme", "Bolt"), names(rows, "company_name"));
    for (JsonNode row : rows) {
      assertTrue(row.get("website").asText().startsWith("https://"), row.toString());
      assertTrue(row.get("employee_count").isInt(), row.toString());
      assertTrue(row.hasNonNull("industry") && row.hasNonNull("hq_location"), row.toString());
    }
  }

  @Test
  void aFilterKeepsMatchingRowsAndStructAddsColumns() {
    fx = Flows.start();
    String body = "{\"workflow_name\":\"berlin\",\"workflow_description\":\"\","
        + "\"workflow_definition\":{\"blocks\":["
        + "{\"sequence_number\":1,\"block_type\":\"webhook\",\"block_name\":\"webhook\","
        + "\"block_id\":\"in\",\"specs\":{\"dataframe_type\":\"LEAD\"}},"
        + "{\"sequence_number\":2,\"block_type\":\"filter\",\"block_name\":\"filter\","
        + "\"block_id\":\"f\",\"specs\":{\"column\":\"city\",\"operator\":\"contains\","
        + "\"value\":\"berlin\"}},"
        + "{\"sequence_number\":3,\"block_type\":\"lead_enrichment\",\"block_name\":"
        + "\"lead_enrichment\",\"block_id\":\"e\",\"specs\":{\"struct\":{\"pet_name\":\"x\"}}}],"
        + "\"edges\":[{\"from_block_id\":\"in\",\"to_block_id\":\"f\"},"
        + "{\"from_block_id\":\"f\",\"to_block_id\":\"e\"}]}}";
    Api.Reply created = fx.api.post("/workflows/create_workflow", body);
    assertEquals(200, created.status(), created.body());
    String run = Flows.started(fx.api, created.json().get("id").asText(),
        "{\"webhook_payload\":[{\"full_name\":\"A\",\"city\":\"Berlin\"},"
            + "{\"full_name\":\"B\",\"city\":\"Paris\"},{\"full_name\":\"C\",\"city\":\"BERLIN\"}]}");
    fx.clock.advance(Duration.ofSeconds(1));
    List<JsonNode> rows = ndjson(run);
    assertEquals(List.of("A", "C"), names(rows, "full_name"));
    assertTrue(rows.get(0).get("pet_name").asText().startsWith("pet name #"), rows.toString());
  }

  @Test
  void resultRowsCountAsServedOncePerRunAndOnlyToTheEnd() {
    fx = Flows.start();
    String run = Flows.started(fx.api, Flows.LEADS, Flows.payload(Flows.leads(40)));
    fx.clock.advance(Duration.ofSeconds(2));
    String url = Flows.link(fx.api, run, "csv").get("download_url").asText();
    Api.Reply head = fx.api.send(fx.api.request(url).header("Range", "bytes=0-99").GET().build());
    assertEquals(206, head.status());
    assertEquals(0, fx.emulator.stats().workflows().resultRowsServed());
    Api.Reply rest = fx.api.send(fx.api.request(url).header("Range", "bytes=100-").GET().build());
    assertEquals(206, rest.status());
    assertEquals(40, fx.emulator.stats().workflows().resultRowsServed());
    assertEquals(200, fx.api.get(url).status());
    assertEquals(200, fx.api.get(Flows.link(fx.api, run, "ndjson").get("download_url").asText())
        .status());
    assertEquals(40, fx.emulator.stats().workflows().resultRowsServed());
  }

  @Test
  void theStatsEndpointShowsTheWorkflowCounters() {
    fx = Flows.start();
    String body = Flows.payload(Flows.leads(3));
    HttpRequest start = fx.api.request("/workflows/run?workflow_id=" + Flows.LEADS)
        .header("Idempotency-Key", "k").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    assertEquals(200, fx.api.send(start).status());
    assertEquals(200, fx.api.send(start).status());
    JsonNode stats = fx.api.get("/_emulator/stats").json().get("workflows");
    assertEquals(1, stats.get("runs_started").asInt());
    assertEquals(1, stats.get("runs_replayed").asInt());
    assertEquals(3, stats.get("rows_submitted").asInt());
    assertEquals(1, stats.get("runs_by_status").get("queued").asInt());
    fx.emulator.reset();
    assertEquals(0, fx.emulator.stats().workflows().runsStarted());
    assertEquals(1, fx.emulator.stats().workflows().runs("queued"));
  }

  private List<JsonNode> ndjson(String run) {
    Api.Reply file = fx.api.get(Flows.link(fx.api, run, "ndjson").get("download_url").asText());
    assertEquals(200, file.status(), file.body());
    assertEquals("application/x-ndjson", file.header("Content-Type"));
    List<JsonNode> rows = new ArrayList<>();
    for (String line : file.body().split("\n")) {
      try {
        rows.add(Api.JSON.readTree(line));
      } catch (java.io.IOException e) {
        throw new AssertionError(line, e);
      }
    }
    return rows;
  }

  private static List<String> names(List<JsonNode> rows, String column) {
    List<String> names = new ArrayList<>();
    rows.forEach(r -> names.add(r.get(column).asText()));
    return names;
  }
}

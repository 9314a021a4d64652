package io.s64.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Workflow helpers for tests: an emulator whose workflow blocks take 10 ms per row (so 100 rows
 * through the three-block demo take 3 s of the manual clock), and the calls tests make.
 */
final class Flows {
  /** The demo workflows' ids, as the README documents them. */
  static final String LEADS = "6400000a-0000-4000-8000-000000000001";
  static final String COMPANIES = "6400000a-0000-4000-8000-000000000002";
  static final String CSV_IMPORT = "6400000a-0000-4000-8000-000000000003";
  static final Duration ROW_TIME = Duration.ofMillis(10);

  private Flows() {}

  static Fixture start() {
    return Fixture.start(b -> b.workflowRowTime(ROW_TIME));
  }

  /** {@code n} leads with the columns the lead demo requires. */
  static ArrayNode leads(int n) {
    ArrayNode rows = Api.JSON.createArrayNode();
    for (int i = 0; i < n; i++) {
      rows.addObject().put("full_name", "Lead Number" + i).put("company", "Company " + (i % 7))
          .put("ref", "r" + i);
    }
    return rows;
  }

  static String payload(ArrayNode rows) {
    ObjectNode body = Api.JSON.createObjectNode();
    body.set("webhook_payload", rows);
    return body.toString();
  }

  /** POST /workflows/run with {@code query} (after workflow_id) and an optional key. */
  static Api.Reply run(Api api, String workflowId, String query, String body,
      @Nullable String key) {
    HttpRequest.Builder b = api.request("/workflows/run?workflow_id=" + workflowId + query)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("Idempotency-Key", key);
    }
    return api.send(b.build());
  }

  /** Starts a run and returns its job id. */
  static String started(Api api, String workflowId, String body) {
    Api.Reply reply = run(api, workflowId, "", body, null);
    if (reply.status() != 200) {
      throw new AssertionError("run failed: " + reply.status() + " " + reply.body());
    }
    return reply.json().get("job_id").asText();
  }

  static JsonNode live(Api api, String runId) {
    Api.Reply reply = api.get("/workflows/runs/" + runId + "/live_status");
    if (reply.status() != 200) {
      throw new AssertionError("live_status failed: " + reply.status() + " " + reply.body());
    }
    return reply.json();
  }

  /** The one download link of a run's results in {@code format}. */
  static JsonNode link(Api api, String runId, String format) {
    Api.Reply reply = api.get("/workflows/runs/" + runId + "/results/download-links?format="
        + format);
    if (reply.status() != 200 || reply.json().size() != 1) {
      throw new AssertionError("download-links: " + reply.status() + " " + reply.body());
    }
    return reply.json().get(0);
  }
}

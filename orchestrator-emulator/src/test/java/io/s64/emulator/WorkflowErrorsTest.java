package io.s64.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The documented workflow errors, each over HTTP: the 400s of a start (and that none of them
 * starts a run), the 404s of unknown workflows and runs, and the 422s of bad parameters.
 */
class WorkflowErrorsTest {
  private @Nullable Fixture fx;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  void aPayloadToAWorkflowWhoseSourceIsNotAWebhookIs400() {
    fx = Flows.start();
    String detail = refused(Flows.CSV_IMPORT, Flows.payload(Flows.leads(2)));
    assertTrue(detail.startsWith("webhook_payload was sent, but workflow " + Flows.CSV_IMPORT
        + " starts with a read_csv block ('csv'), not a webhook block"), detail);
  }

  @Test
  void aReadCsvSourceCannotBeTriggeredThroughTheApi() {
    fx = Flows.start();
    String detail = refused(Flows.CSV_IMPORT, "");
    assertTrue(detail.contains("starts with a read_csv block ('csv'), which cannot be triggered "
        + "through the API"), detail);
  }

  @Test
  void aPayloadMissingARequiredColumnIs400NamingRowAndColumn() {
    fx = Flows.start();
    String detail = refused(Flows.LEADS, "{\"webhook_payload\":[{\"full_name\":\"A\","
        + "\"company\":\"B\"},{\"full_name\":\"C\",\"linkedin_url\":\"x\"}]}");
    assertEquals("webhook_payload row 1 is missing the column 'company', which the "
        + "input_schema of block 'input' of workflow " + Flows.LEADS + " marks required", detail);
  }

  @Test
  void anOptionalColumnMayBeMissingAndUndeclaredColumnsPassThrough() {
    fx = Flows.start();
    Api.Reply reply = Flows.run(fx.api, Flows.LEADS, "",
        "{\"webhook_payload\":{\"full_name\":\"A\",\"company\":\"B\",\"crm_id\":7}}", null);
    assertEquals(200, reply.status(), reply.body());
  }

  @Test
  void malformedJsonIs400WithWhereItBroke() {
    fx = Flows.start();
    String detail = refused(Flows.LEADS, "{\"webhook_payload\": [{\"full_name\": \"A\",}");
    assertTrue(detail.startsWith("Invalid request body: malformed JSON at character "), detail);
  }

  @Test
  void aWebhookWorkflowWithoutPayloadOrWithNoRowsIs400() {
    fx = Flows.start();
    assertTrue(refused(Flows.LEADS, "{}").startsWith("webhook_payload is required"));
    assertTrue(refused(Flows.LEADS, "{\"webhook_payload\":[]}").startsWith(
        "webhook_payload has no rows"));
  }

  @Test
  void aPayloadOfTheWrongShapeIs422() {
    fx = Flows.start();
    Api.Reply reply = Flows.run(fx.api, Flows.LEADS, "", "{\"webhook_payload\":[{\"a\":1},2]}",
        null);
    assertEquals(422, reply.status());
    JsonNode item = reply.json().get("detail").get(0);
    assertEquals("[\"body\",\"webhook_payload\",1]", item.get("loc").toString());
    assertEquals(422, Flows.run(fx.api, Flows.LEADS, "&save_json=maybe",
        Flows.payload(Flows.leads(1)), null).status());
    assertEquals(422, Flows.run(fx.api, Flows.LEADS, "&result_formats=xml",
        Flows.payload(Flows.leads(1)), null).status());
    assertEquals(422, fx.api.post("/workflows/run", Flows.payload(Flows.leads(1))).status());
  }

  @Test
  void anUnknownWorkflowIs404() {
    fx = Flows.start();
    Api.Reply reply = Flows.run(fx.api, "0123abcd-0000-4000-8000-00000000dead", "",
        Flows.payload(Flows.leads(1)), null);
    assertEquals(404, reply.status());
    assertEquals("Workflow not found", reply.detail());
  }

  @Test
  void anUnknownRunIs404Everywhere() {
    fx = Flows.start();
    String unknown = "0123abcd-0000-4000-8000-00000000beef";
    for (Api.Reply reply : new Api.Reply[] {
        fx.api.get("/workflows/runs/" + unknown + "/live_status"),
        fx.api.get("/workflows/runs/" + unknown + "/results/download-links"),
        fx.api.post("/workflows/cancel?job_id=" + unknown, "")}) {
      assertEquals(404, reply.status(), reply.body());
      assertEquals("Workflow run not found", reply.detail());
    }
    assertEquals(422, fx.api.get("/workflows/runs/nope/live_status").status());
    assertEquals(422, fx.api.post("/workflows/cancel", "").status());
  }

  @Test
  void noRefusedStartCreatesARun() {
    fx = Flows.start();
    refused(Flows.CSV_IMPORT, "");
    refused(Flows.LEADS, "{}");
    refused(Flows.LEADS, "{");
    assertEquals("[]", fx.api.get("/workflows/runs").body());
    assertEquals(0, fx.emulator.stats().workflows().runsStarted());
  }

  private String refused(String workflowId, String body) {
    Api.Reply reply = Flows.run(fx.api, workflowId, "", body, null);
    assertEquals(400, reply.status(), reply.body());
    return reply.detail();
  }
}

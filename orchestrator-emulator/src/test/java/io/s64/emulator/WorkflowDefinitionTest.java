package io.s64.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Workflow definitions over HTTP: the demos, the block catalogue, create/update/delete, 422s. */
class WorkflowDefinitionTest {
  static final String LEAD_WEBHOOK = "{\"sequence_number\":1,\"block_type\":\"webhook\","
      + "\"block_name\":\"webhook\",\"block_id\":\"in\",\"specs\":{\"dataframe_type\":\"LEAD\","
      + "\"input_schema\":{\"email\":{\"type\":\"string\",\"required\":true}}}}";
  static final String FIND_EMAIL = "{\"sequence_number\":2,\"block_type\":\"find_email\","
      + "\"block_name\":\"find_email\",\"block_id\":\"mail\",\"specs\":{}}";
  static final String COMPANY_ENRICH = "{\"sequence_number\":2,\"block_type\":"
      + "\"company_enrichment\",\"block_name\":\"company_enrichment\",\"block_id\":\"co\","
      + "\"specs\":{}}";

  private @Nullable Fixture fx;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  static String create(String blocks, String edges) {
    return "{\"workflow_name\":\"mine\",\"workflow_description\":\"\",\"workflow_definition\":"
        + "{\"blocks\":[" + blocks + "],\"edges\":[" + edges + "]}}";
  }

  @Test
  void listsTheDemoWorkflowsWithoutTheirDefinitions() {
    fx = Flows.start();
    Api.Reply reply = fx.api.get("/workflows");
    assertEquals(200, reply.status());
    List<String> ids = new ArrayList<>();
    for (JsonNode w : reply.json()) {
      ids.add(w.get("id").asText());
      assertFalse(w.has("workflow_definition"), w.toString());
      assertEquals("ready", w.get("status").asText());
    }
    assertEquals(List.of(Flows.LEADS, Flows.COMPANIES, Flows.CSV_IMPORT), ids);
  }

  @Test
  void getsTheLeadDemoWithItsDefinition() {
    fx = Flows.start();
    JsonNode w = fx.api.get("/workflows/" + Flows.LEADS).json();
    JsonNode blocks = w.get("workflow_definition").get("blocks");
    assertEquals(List.of("webhook", "lead_enrichment", "find_email"),
        List.of(blocks.get(0).get("block_name").asText(), blocks.get(1).get("block_name")
            .asText(), blocks.get(2).get("block_name").asText()));
    JsonNode schema = blocks.get(0).get("specs").get("input_schema");
    assertTrue(schema.get("full_name").get("required").asBoolean());
    assertTrue(schema.get("company").get("required").asBoolean());
    assertEquals(2, w.get("workflow_definition").get("edges").size());
  }

  @Test
  void theBlockCatalogueNamesEverySupportedBlockWithASchema() {
    fx = Flows.start();
    JsonNode blocks = fx.api.get("/workflows/blocks").json();
    List<String> names = new ArrayList<>();
    for (JsonNode b : blocks) {
      names.add(b.get("block_name").asText());
      assertEquals("object", b.get("specs_schema").get("type").asText());
    }
    assertEquals(List.of("webhook", "read_csv", "lead_enrichment", "company_enrichment",
        "find_email", "filter", "deduplicate"), names);
    assertEquals("dataframe_type", blocks.get(0).get("specs_schema").get("required").get(0)
        .asText());
  }

  @Test
  void createsGetsUpdatesAndDeletesAWorkflow() {
    fx = Flows.start();
    Api.Reply created = fx.api.post("/workflows/create_workflow",
        create(LEAD_WEBHOOK + "," + FIND_EMAIL, "{\"from_block_id\":\"in\",\"to_block_id\":"
            + "\"mail\"}"));
    assertEquals(200, created.status(), created.body());
    String id = created.json().get("id").asText();
    assertEquals(36, id.length());
    assertEquals("mine", fx.api.get("/workflows/" + id).json().get("name").asText());

    Api.Reply updated = fx.api.post("/workflows/update_workflow?workflow_id=" + id,
        "{\"workflow_name\":\"renamed\"}");
    assertEquals(200, updated.status(), updated.body());
    assertEquals("renamed", updated.json().get("name").asText());
    assertEquals(2, updated.json().get("workflow_definition").get("blocks").size());

    assertEquals(200, fx.api.post("/workflows/delete_workflow?workflow_id=" + id, "").status());
    Api.Reply gone = fx.api.get("/workflows/" + id);
    assertEquals(404, gone.status());
    assertEquals("Workflow not found", gone.detail());
  }

  @Test
  void updateCreatesAnUnknownWorkflowWhenGivenADefinition() {
    fx = Flows.start();
    String id = "0123abcd-1234-5678-9abc-def012345678";
    Api.Reply reply = fx.api.post("/workflows/update_workflow?workflow_id=" + id,
        "{\"workflow_definition\":{\"blocks\":[" + LEAD_WEBHOOK + "],\"edges\":[]}}");
    assertEquals(200, reply.status(), reply.body());
    assertEquals(200, fx.api.get("/workflows/" + id).status());
  }

  @Test
  void aDuplicateIdIs409() {
    fx = Flows.start();
    String body = "{\"id\":\"" + Flows.LEADS + "\",\"workflow_name\":\"x\","
        + "\"workflow_description\":\"d\",\"workflow_definition\":{\"blocks\":[" + LEAD_WEBHOOK
        + "],\"edges\":[]}}";
    Api.Reply reply = fx.api.post("/workflows/create_workflow", body);
    assertEquals(409, reply.status());
    assertTrue(reply.detail().contains(Flows.LEADS), reply.body());
  }

  @Test
  void aDefinitionWithoutBlocksIs422() {
    fx = Flows.start();
    JsonNode item = invalid(create("", ""));
    assertEquals("[\"body\",\"workflow_definition\",\"blocks\"]", item.get("loc").toString());
    assertTrue(item.get("msg").asText().contains("at least one block"), item.toString());
  }

  @Test
  void anEdgeToAMissingBlockIs422NamingIt() {
    fx = Flows.start();
    JsonNode item = invalid(create(LEAD_WEBHOOK + "," + FIND_EMAIL,
        "{\"from_block_id\":\"in\",\"to_block_id\":\"nowhere\"}"));
    assertEquals("[\"body\",\"workflow_definition\",\"edges\",0,\"to_block_id\"]",
        item.get("loc").toString());
    assertTrue(item.get("msg").asText().contains("'nowhere', which does not exist"),
        item.toString());
  }

  @Test
  void incompatibleBlocksAre422NamingBoth() {
    fx = Flows.start();
    JsonNode item = invalid(create(LEAD_WEBHOOK + "," + COMPANY_ENRICH,
        "{\"from_block_id\":\"in\",\"to_block_id\":\"co\"}"));
    String msg = item.get("msg").asText();
    assertTrue(msg.contains("incompatible blocks: 'in' gives LEAD rows to 'co' "
        + "(company_enrichment), which needs COMPANY rows"), msg);
  }

  @Test
  void anUnknownBlockAndAMissingSourceAre422() {
    fx = Flows.start();
    String unknown = LEAD_WEBHOOK.replace("\"block_name\":\"webhook\"", "\"block_name\":\"nope\"")
        .replace("\"block_type\":\"webhook\"", "\"block_type\":\"nope\"");
    assertTrue(invalid(create(unknown, "")).get("msg").asText().contains("unknown block 'nope'"));
    assertTrue(invalid(create(FIND_EMAIL, "")).get("msg").asText()
        .contains("must start with a source block"));
  }

  @Test
  void unknownWorkflowsAre404AndMalformedIdsAre422() {
    fx = Flows.start();
    String unknown = "0123abcd-0000-4000-8000-000000000000";
    assertEquals(404, fx.api.get("/workflows/" + unknown).status());
    assertEquals(404, fx.api.post("/workflows/delete_workflow?workflow_id=" + unknown, "")
        .status());
    Api.Reply bad = fx.api.get("/workflows/not-a-uuid");
    assertEquals(422, bad.status());
    assertEquals("uuid_parsing", bad.json().get("detail").get(0).get("type").asText());
  }

  private JsonNode invalid(String body) {
    Api.Reply reply = fx.api.post("/workflows/create_workflow", body);
    assertEquals(422, reply.status(), reply.body());
    return reply.json().get("detail").get(0);
  }
}

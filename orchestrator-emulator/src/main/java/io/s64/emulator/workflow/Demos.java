package io.s64.emulator.workflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s64.emulator.internal.Json;
import java.time.Instant;
import java.util.List;

/**
 * The workflows every emulator holds from the start, with fixed ids, so that a new user can run
 * one at once (and the docs can name them).
 */
final class Demos {
  /** webhook (LEAD; requires full_name, company) → lead_enrichment → find_email. */
  static final String LEAD_ENRICHMENT = "6400000a-0000-4000-8000-000000000001";
  /** webhook (COMPANY; requires company_name) → deduplicate (company_name) → company_enrichment. */
  static final String COMPANY_ENRICHMENT = "6400000a-0000-4000-8000-000000000002";
  /** read_csv (LEAD) → lead_enrichment: exists to show that a CSV source is not API-triggerable. */
  static final String CSV_IMPORT = "6400000a-0000-4000-8000-000000000003";

  private Demos() {}

  static List<Workflow> all(Instant now) {
    return List.of(
        demo(LEAD_ENRICHMENT, "Demo: enrich leads and find their emails",
            "Send leads with full_name and company; get title, LinkedIn URL, location and a "
                + "work email for each.",
            definition(
                block(1, "webhook", "input", Json.object().put("dataframe_type", "LEAD")
                    .set("input_schema", Json.object()
                        .<ObjectNode>set("full_name", field(true, "the person's full name"))
                        .<ObjectNode>set("company", field(true, "where they work"))
                        .set("linkedin_url", field(false, "their LinkedIn profile, if known")))),
                block(2, "lead_enrichment", "enrich", Json.object()),
                block(3, "find_email", "email", Json.object().put("mode", "PROFESSIONAL"))),
            now),
        demo(COMPANY_ENRICHMENT, "Demo: enrich companies",
            "Send companies with company_name; duplicates are dropped, then each gets website, "
                + "industry, employee count and headquarters.",
            definition(
                block(1, "webhook", "input", Json.object().put("dataframe_type", "COMPANY")
                    .set("input_schema", Json.object()
                        .set("company_name", field(true, "the company's name")))),
                block(2, "deduplicate", "dedupe", Json.object()
                    .set("columns", Json.array().add("company_name"))),
                block(3, "company_enrichment", "enrich", Json.object())),
            now),
        demo(CSV_IMPORT, "Demo: enrich an uploaded CSV (dashboard only)",
            "Starts with read_csv, which the API cannot trigger: a run answers 400.",
            definition(
                block(1, "read_csv", "csv", Json.object().put("dataframe_type", "LEAD")),
                block(2, "lead_enrichment", "enrich", Json.object())),
            now));
  }

  private static Workflow demo(String id, String name, String description, ObjectNode definition,
      Instant now) {
    Graph graph = Graph.parse(definition, Json.array(), Json.array());
    if (graph == null) {
      throw new IllegalStateException("demo workflow " + id + " is invalid");
    }
    return new Workflow(id, name, description, graph, now, now, null);
  }

  private static ObjectNode definition(ObjectNode... blocks) {
    ArrayNode list = Json.array();
    ArrayNode edges = Json.array();
    for (int i = 0; i < blocks.length; i++) {
      list.add(blocks[i]);
      if (i > 0) {
        edges.addObject()
            .put("from_block_id", blocks[i - 1].get("block_id").asText())
            .put("to_block_id", blocks[i].get("block_id").asText());
      }
    }
    ObjectNode definition = Json.object();
    definition.set("blocks", list);
    definition.set("edges", edges);
    return definition;
  }

  private static ObjectNode block(int sequence, String name, String id, ObjectNode specs) {
    ObjectNode block = Json.object()
        .put("sequence_number", sequence)
        .put("block_type", name)
        .put("block_name", name)
        .put("block_id", id);
    block.set("specs", specs);
    return block;
  }

  private static ObjectNode field(boolean required, String description) {
    return Json.object().put("type", "string").put("required", required)
        .put("description", description);
  }
}

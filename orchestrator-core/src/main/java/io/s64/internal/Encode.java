package io.s64.internal;

import io.s64.model.CompanyIntelligenceRequest;
import io.s64.model.DeepSearchRequest;
import io.s64.model.PeopleIntelligenceRequest;
import io.s64.model.QueryRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Request bodies, with the contract's field names. Optional fields are sent only when set. */
public final class Encode {
  private Encode() {}

  /** The body of start-deep-search, with the search id every retry reuses. */
  public static byte[] deepSearch(DeepSearchRequest r, String searchId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("query", r.query());
    body.put("mode", r.mode().wire());
    body.put("max_results", r.maxResults());
    body.put("search_id", searchId);
    body.put("output_mode", r.outputMode().wire());
    exclusions(body, r.excludePublicIds(), r.excludeEntityIds(), r.excludeListIds());
    return Json.write(body);
  }

  /** The body of the first page of /search/query. */
  public static byte[] query(QueryRequest r) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(r.source().field(), r.value());
    if (r.mode() != null) {
      body.put("mode", r.mode().wire());
    }
    body.put("page_size", r.pageSize());
    if (r.maxResults() != null) {
      body.put("max_results", r.maxResults());
    }
    exclusions(body, r.excludePublicIds(), r.excludeEntityIds(), r.excludeListIds());
    return Json.write(body);
  }

  /** The body of a follow-up page: the cursor alone, as the contract requires. */
  public static byte[] cursor(String cursor) {
    return Json.write(Map.of("cursor", cursor));
  }

  /** The body of /search/export. */
  public static byte[] export(String searchId) {
    return Json.write(Map.of("search_id", searchId));
  }

  /** The body of /people-intelligence-async. */
  public static byte[] people(PeopleIntelligenceRequest r) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("lead_info", r.leadInfo());
    putIfSet(body, "struct", r.struct());
    putIfSet(body, "research_plan", r.researchPlan());
    putIfSet(body, "tier", r.tier());
    putIfSet(body, "webhook_url", r.webhookUrl());
    putIfSet(body, "field_confidence", r.fieldConfidence());
    return Json.write(body);
  }

  /** The body of /company-intelligence-async. */
  public static byte[] company(CompanyIntelligenceRequest r) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("target_company", r.targetCompany());
    body.put("struct", r.struct());
    body.put("find_people", r.findPeople());
    putIfSet(body, "people_focus_prompt", r.peopleFocusPrompt());
    putIfSet(body, "lead_struct", r.leadStruct());
    putIfSet(body, "research_plan", r.researchPlan());
    putIfSet(body, "tier", r.tier());
    body.put("full_org_chart", r.fullOrgChart());
    putIfSet(body, "webhook_url", r.webhookUrl());
    putIfSet(body, "field_confidence", r.fieldConfidence());
    return Json.write(body);
  }

  private static void putIfSet(Map<String, Object> body, String field, @org.jspecify.annotations.Nullable Object value) {
    if (value != null) {
      body.put(field, value);
    }
  }

  private static void exclusions(
      Map<String, Object> body, List<String> publicIds, List<String> entityIds, List<String> listIds) {
    if (!publicIds.isEmpty()) {
      body.put("exclude_public_ids", publicIds);
    }
    if (!entityIds.isEmpty()) {
      body.put("exclude_entity_ids", entityIds);
    }
    if (!listIds.isEmpty()) {
      body.put("exclude_list_ids", listIds);
    }
  }
}

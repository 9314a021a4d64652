package io.s64.runner.input;

import com.fasterxml.jackson.databind.JsonNode;
import io.s64.job.Job;
import io.s64.error.ConfigurationException;
import io.s64.model.CompanyIntelligenceRequest;
import io.s64.model.PeopleIntelligenceRequest;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code people_intelligence} and {@code company_intelligence} objects of a JSON line, checked
 * field by field with the contract's names: {@code people_intelligence.lead_info} (object,
 * required), {@code struct}, {@code research_plan}, {@code tier}, {@code webhook_url}, {@code
 * field_confidence}; for companies {@code target_company} and {@code struct} (objects, required),
 * {@code find_people}, {@code people_focus_prompt}, {@code lead_struct}, {@code full_org_chart} and
 * the same optional fields.
 */
final class Enrichment {
  private static final List<String> PEOPLE = List.of("lead_info", "struct", "research_plan", "tier",
      "webhook_url", "field_confidence");
  private static final List<String> COMPANY = List.of("target_company", "struct", "find_people",
      "people_focus_prompt", "lead_struct", "research_plan", "tier", "full_org_chart", "webhook_url",
      "field_confidence");

  private Enrichment() {}

  static Job people(String id, JsonNode node) throws LineProblem {
    String root = "people_intelligence";
    check(root, node, PEOPLE);
    try {
      PeopleIntelligenceRequest r = new PeopleIntelligenceRequest(object(root, node, "lead_info", true),
          object(root, node, "struct", false), text(root, node, "research_plan"), text(root, node, "tier"),
          text(root, node, "webhook_url"), bool(root, node, "field_confidence"));
      return Job.people(id, r);
    } catch (ConfigurationException e) {
      throw new LineProblem("field '" + root + "': " + e.getMessage());
    }
  }

  static Job company(String id, JsonNode node) throws LineProblem {
    String root = "company_intelligence";
    check(root, node, COMPANY);
    try {
      Boolean findPeople = bool(root, node, "find_people");
      Boolean orgChart = bool(root, node, "full_org_chart");
      CompanyIntelligenceRequest r = new CompanyIntelligenceRequest(
          object(root, node, "target_company", true), object(root, node, "struct", true),
          findPeople != null && findPeople, text(root, node, "people_focus_prompt"),
          object(root, node, "lead_struct", false), text(root, node, "research_plan"),
          text(root, node, "tier"), orgChart != null && orgChart, text(root, node, "webhook_url"),
          bool(root, node, "field_confidence"));
      return Job.company(id, r);
    } catch (ConfigurationException e) {
      throw new LineProblem("field '" + root + "': " + e.getMessage());
    }
  }

  private static void check(String root, JsonNode node, List<String> known) throws LineProblem {
    if (!node.isObject()) {
      throw new LineProblem("field '" + root + "' must be an object but was " + JsonValues.shown(node));
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!known.contains(field)) {
        throw new LineProblem("field '" + root + "." + field + "' is not known (known: "
            + String.join(", ", known) + ")");
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static @Nullable Map<String, @Nullable Object> object(String root, JsonNode node, String field,
      boolean required) throws LineProblem {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new LineProblem("field '" + root + "." + field + "' is required (an object)");
      }
      return null;
    }
    if (!v.isObject()) {
      throw new LineProblem("field '" + root + "." + field + "' must be an object but was "
          + JsonValues.shown(v));
    }
    if (required && v.isEmpty()) {
      throw new LineProblem("field '" + root + "." + field + "' must not be empty");
    }
    return JsonRecords.MAPPER.convertValue(v, LinkedHashMap.class);
  }

  private static @Nullable String text(String root, JsonNode node, String field) throws LineProblem {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new LineProblem("field '" + root + "." + field + "' must be a string but was "
          + JsonValues.shown(v));
    }
    return v.asText();
  }

  private static @Nullable Boolean bool(String root, JsonNode node, String field) throws LineProblem {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isBoolean()) {
      throw new LineProblem("field '" + root + "." + field + "' must be true or false but was "
          + JsonValues.shown(v));
    }
    return v.asBoolean();
  }
}

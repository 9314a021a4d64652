package io.s64.runner.input;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.s64.job.Job;
import io.s64.model.QueryRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * JSON lines: one object per line, its shape choosing the job.
 *
 * <ul>
 *   <li>{@code {"id","query","mode","max_results"}}: a deep search;
 *   <li>{@code {"id","simple_filters"|"filters"|"parsed_query","mode","max_results","page_size"}}:
 *       a filter search;
 *   <li>{@code {"id","search_id","mode","max_results","page_size"}}: the results of an existing
 *       search;
 *   <li>{@code {"id","export":{"search_id"}}}: a CSV export of an existing search;
 *   <li>{@code {"id","people_intelligence":{"lead_info":{...},"struct":{...},...}}}: research about
 *       a person;
 *   <li>{@code {"id","company_intelligence":{"target_company":{...},"struct":{...},...}}}: research
 *       about a company;
 *   <li>{@code {"id","workflow":{"workflow_id","rows"|"rows_file","rows_per_run","save_json"}}}:
 *       rows pushed through a Sixtyfour workflow ({@link WorkflowLine}).
 * </ul>
 *
 * <p>Deep, filter and search-id records also take {@code exclude_public_ids}, {@code
 * exclude_entity_ids} and {@code exclude_list_ids}. A field not listed for its shape is an error
 * (a misspelt {@code max_result} must not be silently ignored). Blank lines are skipped.
 */
final class JsonLineParser implements RecordParser {
  private static final List<String> SOURCES = List.of("query", "simple_filters", "filters",
      "parsed_query", "search_id", "export", "people_intelligence", "company_intelligence", "workflow");
  private static final List<String> EXCLUSIONS =
      List.of("exclude_public_ids", "exclude_entity_ids", "exclude_list_ids");
  private static final Map<String, Set<String>> FIELDS = Map.of(
      "deep search", Set.of("id", "query", "mode", "max_results"),
      "filter search", Set.of("id", "simple_filters", "filters", "parsed_query", "mode",
          "max_results", "page_size"),
      "search_id record", Set.of("id", "search_id", "mode", "max_results", "page_size"),
      "export", Set.of("id", "export"),
      "people intelligence job", Set.of("id", "people_intelligence"),
      "company intelligence job", Set.of("id", "company_intelligence"),
      "workflow job", Set.of("id", "workflow"));

  private final PhysicalLines lines;
  private final JobIds ids;
  private final JobFactory factory;
  private final Path baseDir;

  /** @param baseDir the folder a workflow line's {@code rows_file} is relative to */
  JsonLineParser(PhysicalLines lines, JobIds ids, JobFactory factory, Path baseDir) {
    this.lines = lines;
    this.ids = ids;
    this.factory = factory;
    this.baseDir = baseDir;
  }

  @Override
  public @Nullable Job next() throws IOException {
    for (Line line = lines.next(); line != null; line = lines.next()) {
      if (!line.isBlank()) {
        return parse(line);
      }
    }
    return null;
  }

  private Job parse(Line line) {
    long n = line.number();
    String fallback = JobIds.ofLine(n);
    String text = line.text();
    if (text == null) {
      return RecordParser.invalid(fallback, n, String.valueOf(line.problem()));
    }
    JsonNode node;
    try {
      node = JsonRecords.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return RecordParser.invalid(fallback, n, "not valid JSON (" + describe(e) + ")");
    }
    if (node == null || !node.isObject()) {
      return RecordParser.invalid(fallback, n,
          "not a JSON object (each line holds one object, such as {\"query\": \"...\"})");
    }
    JsonValues values = new JsonValues(node);
    String id;
    try {
      id = ids.resolve(values.id(), n);
    } catch (LineProblem p) {
      return RecordParser.invalid(fallback, n, p.getMessage());
    }
    try {
      return build(id, node, values);
    } catch (LineProblem p) {
      return RecordParser.invalid(id, n, p.getMessage());
    }
  }

  private Job build(String id, JsonNode node, JsonValues v) throws LineProblem {
    List<String> present = new ArrayList<>(1);
    for (String s : SOURCES) {
      if (node.has(s)) {
        present.add(s);
      }
    }
    if (present.isEmpty()) {
      throw new LineProblem("needs one of the fields " + quoted(SOURCES));
    }
    if (present.size() > 1) {
      throw new LineProblem("has both '" + present.get(0) + "' and '" + present.get(1)
          + "'; give exactly one of " + quoted(SOURCES));
    }
    String source = present.get(0);
    String shape = source.equals("query") ? "deep search"
        : source.equals("search_id") ? "search_id record"
        : source.equals("export") ? "export"
        : source.equals("people_intelligence") ? "people intelligence job"
        : source.equals("company_intelligence") ? "company intelligence job"
        : source.equals("workflow") ? "workflow job" : "filter search";
    boolean withExclusions = !shape.equals("export") && !shape.endsWith("intelligence job")
        && !shape.equals("workflow job");
    Set<String> known = FIELDS.get(shape);
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!known.contains(field) && !(EXCLUSIONS.contains(field) && withExclusions)) {
        throw new LineProblem("field '" + field + "' is not known for a " + shape + " (known: "
            + String.join(", ", sorted(known, withExclusions)) + ")");
      }
    }
    switch (shape) {
      case "deep search":
        return factory.deep(id, v.string("query"), v.mode(), v.integer("max_results", 1,
            Integer.MAX_VALUE), exclusions(v));
      case "export":
        return export(id, node.get("export"));
      case "people intelligence job":
        return Enrichment.people(id, node.get(source));
      case "company intelligence job":
        return Enrichment.company(id, node.get(source));
      case "workflow job":
        return WorkflowLine.parse(id, node.get(source), baseDir);
      default:
        QueryRequest.Source kind = source.equals("search_id") ? QueryRequest.Source.SEARCH_ID
            : source.equals("filters") ? QueryRequest.Source.FILTERS
            : source.equals("parsed_query") ? QueryRequest.Source.PARSED_QUERY
            : QueryRequest.Source.SIMPLE_FILTERS;
        Object value = kind == QueryRequest.Source.SEARCH_ID ? searchId(v) : v.object(source);
        return factory.query(id, kind, value, v.mode(),
            v.integer("max_results", 1, Integer.MAX_VALUE), v.integer("page_size", 1, 100),
            exclusions(v));
    }
  }

  private static String searchId(JsonValues v) throws LineProblem {
    String s = v.string("search_id");
    if (s.isBlank()) {
      throw new LineProblem("field 'search_id' must not be empty");
    }
    return s;
  }

  private static Job export(String id, JsonNode export) throws LineProblem {
    if (!export.isObject()) {
      throw new LineProblem("field 'export' must be an object such as {\"search_id\": \"...\"} but was "
          + JsonValues.shown(export));
    }
    for (Iterator<String> it = export.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!field.equals("search_id")) {
        throw new LineProblem("field 'export." + field + "' is not known (known: export.search_id)");
      }
    }
    JsonNode searchId = export.get("search_id");
    if (searchId == null || !searchId.isTextual()) {
      throw new LineProblem("field 'export.search_id' must be a string but was "
          + JsonValues.shown(searchId));
    }
    return JobFactory.export(id, searchId.asText());
  }

  private static JobFactory.Exclusions exclusions(JsonValues v) throws LineProblem {
    return new JobFactory.Exclusions(v.strings("exclude_public_ids"),
        v.strings("exclude_entity_ids"), v.strings("exclude_list_ids"));
  }

  private static String describe(JsonProcessingException e) {
    String message = String.valueOf(e.getOriginalMessage());
    int nl = message.indexOf('\n');
    if (nl >= 0) {
      message = message.substring(0, nl);
    }
    JsonLocation at = e.getLocation();
    return at == null || at.getColumnNr() < 1 ? message : message + " at column " + at.getColumnNr();
  }

  private static String quoted(List<String> names) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < names.size(); i++) {
      b.append(i == 0 ? "" : i == names.size() - 1 ? " or " : ", ").append('\'').append(names.get(i))
          .append('\'');
    }
    return b.toString();
  }

  private static List<String> sorted(Set<String> known, boolean withExclusions) {
    List<String> out = new ArrayList<>(known);
    if (withExclusions) {
      out.addAll(EXCLUSIONS);
    }
    out.sort(null);
    return out;
  }
}

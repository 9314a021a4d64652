package io.s64.runner.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.s64.job.Job;
import io.s64.model.CompanyIntelligenceRequest;
import io.s64.model.DeepSearchRequest;
import io.s64.model.PeopleIntelligenceRequest;
import io.s64.model.QueryRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A job as one JSON line of the input format, and back: how {@code s64 submit} stores a job in the
 * queue and how {@code s64 worker} reads it. The line spells out every setting the job got from
 * its record or from submit's defaults, so a worker reads it with no defaults of its own and gets
 * the very job submit read; it is read by the same parser as an input file, so the two can never
 * disagree about a field. The id travels beside the line (ids of the form {@code line-N} are
 * reserved in a file), so the line holds none.
 */
public final class JobLines {
  private JobLines() {}

  /**
   * The line of {@code job} (without its id and line break).
   *
   * @throws IllegalArgumentException for an invalid job, or a query no input record can express
   */
  public static String encode(Job job) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    if (job instanceof Job.DeepSearch d) {
      DeepSearchRequest r = d.request();
      m.put("query", r.query());
      m.put("mode", r.mode().wire());
      m.put("max_results", r.maxResults());
      exclusions(m, r.excludePublicIds(), r.excludeEntityIds(), r.excludeListIds());
    } else if (job instanceof Job.Filter f) {
      query(m, f.request());
    } else if (job instanceof Job.Requery q) {
      query(m, q.request());
    } else if (job instanceof Job.Export e) {
      m.put("export", Map.of("search_id", e.searchId()));
    } else if (job instanceof Job.PeopleIntelligence p) {
      PeopleIntelligenceRequest r = p.request();
      Map<String, @Nullable Object> o = new LinkedHashMap<>();
      o.put("lead_info", r.leadInfo());
      put(o, "struct", r.struct());
      put(o, "research_plan", r.researchPlan());
      put(o, "tier", r.tier());
      put(o, "webhook_url", r.webhookUrl());
      put(o, "field_confidence", r.fieldConfidence());
      m.put("people_intelligence", o);
    } else if (job instanceof Job.CompanyIntelligence c) {
      CompanyIntelligenceRequest r = c.request();
      Map<String, @Nullable Object> o = new LinkedHashMap<>();
      o.put("target_company", r.targetCompany());
      o.put("struct", r.struct());
      o.put("find_people", r.findPeople());
      put(o, "people_focus_prompt", r.peopleFocusPrompt());
      put(o, "lead_struct", r.leadStruct());
      put(o, "research_plan", r.researchPlan());
      put(o, "tier", r.tier());
      o.put("full_org_chart", r.fullOrgChart());
      put(o, "webhook_url", r.webhookUrl());
      put(o, "field_confidence", r.fieldConfidence());
      m.put("company_intelligence", o);
    } else if (job instanceof Job.Workflow w) {
      Map<String, @Nullable Object> o = new LinkedHashMap<>();
      o.put("workflow_id", w.workflowId());
      o.put("rows", w.rows());
      o.put("rows_per_run", w.rowsPerRun());
      o.put("save_json", w.saveJson());
      m.put("workflow", o);
    } else {
      throw new IllegalArgumentException("job '" + job.id() + "' is " + job.kind()
          + " and has no line of its own");
    }
    try {
      return JsonRecords.MAPPER.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The job of {@code line}, named {@code id}.
   *
   * @throws IllegalArgumentException when the line is not a valid job
   */
  public static Job decode(String id, String line) {
    Job read;
    try {
      PhysicalLines lines = new PhysicalLines(new ByteArrayInputStream(
          line.getBytes(StandardCharsets.UTF_8)));
      read = new JsonLineParser(lines, new JobIds(), new JobFactory(InputDefaults.api()),
          Path.of(".")).next();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (read == null || read instanceof Job.Invalid) {
      throw new IllegalArgumentException(read == null ? "an empty line"
          : ((Job.Invalid) read).problem());
    }
    return named(read, id);
  }

  /** The same job under another id. */
  private static Job named(Job j, String id) {
    if (j instanceof Job.DeepSearch d) {
      return Job.deep(id, d.request());
    } else if (j instanceof Job.Filter f) {
      return Job.query(id, f.request());
    } else if (j instanceof Job.Requery q) {
      return Job.query(id, q.request());
    } else if (j instanceof Job.Export e) {
      return Job.export(id, e.searchId());
    } else if (j instanceof Job.PeopleIntelligence p) {
      return Job.people(id, p.request());
    } else if (j instanceof Job.CompanyIntelligence c) {
      return Job.company(id, c.request());
    } else if (j instanceof Job.Workflow w) {
      return new Job.Workflow(id, w.workflowId(), w.rows(), w.rowsPerRun(), w.saveJson(), null);
    }
    throw new IllegalArgumentException("unexpected job kind " + j.kind());
  }

  private static void query(Map<String, @Nullable Object> m, QueryRequest r) {
    if (r.source() == QueryRequest.Source.QUERY) {
      throw new IllegalArgumentException("a natural-language filter query has no input record");
    }
    m.put(r.source() == QueryRequest.Source.SEARCH_ID ? "search_id"
        : r.source() == QueryRequest.Source.FILTERS ? "filters"
        : r.source() == QueryRequest.Source.PARSED_QUERY ? "parsed_query" : "simple_filters",
        r.value());
    put(m, "mode", r.mode() == null ? null : r.mode().wire());
    put(m, "max_results", r.maxResults());
    m.put("page_size", r.pageSize());
    exclusions(m, r.excludePublicIds(), r.excludeEntityIds(), r.excludeListIds());
  }

  private static void exclusions(Map<String, @Nullable Object> m, List<String> publicIds,
      List<String> entityIds, List<String> listIds) {
    if (!publicIds.isEmpty()) {
      m.put("exclude_public_ids", publicIds);
    }
    if (!entityIds.isEmpty()) {
      m.put("exclude_entity_ids", entityIds);
    }
    if (!listIds.isEmpty()) {
      m.put("exclude_list_ids", listIds);
    }
  }

  private static void put(Map<String, @Nullable Object> m, String name, @Nullable Object value) {
    if (value != null) {
      m.put(name, value);
    }
  }
}

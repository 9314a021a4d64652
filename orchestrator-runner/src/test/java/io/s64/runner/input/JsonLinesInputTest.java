package io.s64.runner.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.job.Job;
import io.s64.model.DeepSearchRequest.Mode;
import io.s64.model.QueryRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonLinesInputTest {

  private static String problem(String line) {
    Job job = Inputs.only(InputFormat.JSONL, line);
    assertEquals(Job.Kind.INVALID, job.kind(), "expected invalid: " + job);
    return JobParts.problem(job);
  }

  @Test
  void aQueryLineBecomesADeepSearchWithItsModeAndCap() {
    Job job = Inputs.only(InputFormat.JSONL,
        "{\"id\":\"a\",\"query\":\"CTOs in Berlin\",\"mode\":\"company\",\"max_results\":40}");
    assertEquals("a", job.id());
    assertEquals(Job.Kind.DEEP, job.kind());
    assertEquals("CTOs in Berlin", JobParts.deep(job).query());
    assertEquals(Mode.COMPANY, JobParts.deep(job).mode());
    assertEquals(40, JobParts.deep(job).maxResults());
  }

  @Test
  void aNumericIdIsKeptAsItsText() {
    assertEquals("17", Inputs.only(InputFormat.JSONL, "{\"id\":17,\"query\":\"q\"}").id());
  }

  @Test
  void aLineWithoutAnIdIsNamedAfterItsPhysicalLineCountingBlankLines() {
    List<Job> jobs = Inputs.read(InputFormat.JSONL,
        "{\"query\":\"one\"}\n\n   \n{\"query\":\"two\"}\n");
    assertEquals(List.of("line-1", "line-4"), jobs.stream().map(Job::id).collect(Collectors.toList()));
  }

  @Test
  void runDefaultsFillWhatALineLeavesOut() {
    byte[] in = ("{\"query\":\"q\"}\n{\"simple_filters\":{\"a\":1}}\n").getBytes(StandardCharsets.UTF_8);
    List<Job> jobs = Inputs.read(InputFormat.JSONL, in, new InputDefaults(Mode.COMPANY, 33, 20));
    assertEquals(Mode.COMPANY, JobParts.deep(jobs.get(0)).mode());
    assertEquals(33, JobParts.deep(jobs.get(0)).maxResults());
    assertEquals(Mode.COMPANY, JobParts.query(jobs.get(1)).mode());
    assertEquals(33, JobParts.query(jobs.get(1)).maxResults());
    assertEquals(20, JobParts.query(jobs.get(1)).pageSize());
  }

  @Test
  void withoutDefaultsTheApiDefaultsApply() {
    List<Job> jobs = Inputs.read(InputFormat.JSONL, "{\"query\":\"q\"}\n{\"filters\":{\"a\":1}}\n");
    assertEquals(Mode.PEOPLE, JobParts.deep(jobs.get(0)).mode());
    assertEquals(1000, JobParts.deep(jobs.get(0)).maxResults());
    assertNull(JobParts.query(jobs.get(1)).mode());
    assertNull(JobParts.query(jobs.get(1)).maxResults());
    assertEquals(100, JobParts.query(jobs.get(1)).pageSize());
  }

  @Test
  void filterSourcesBecomeFilterJobsWithTheirPageSize() {
    Job simple = Inputs.only(InputFormat.JSONL,
        "{\"id\":\"f\",\"simple_filters\":{\"employees_count\":{\"$gte\":100}},\"page_size\":25}");
    assertEquals(Job.Kind.FILTER, simple.kind());
    assertEquals(QueryRequest.Source.SIMPLE_FILTERS, JobParts.query(simple).source());
    assertEquals(Map.of("employees_count", Map.of("$gte", 100L)), JobParts.query(simple).value());
    assertEquals(25, JobParts.query(simple).pageSize());
    assertEquals(QueryRequest.Source.FILTERS,
        JobParts.query(Inputs.only(InputFormat.JSONL, "{\"filters\":{\"bool\":{}}}")).source());
    assertEquals(QueryRequest.Source.PARSED_QUERY,
        JobParts.query(Inputs.only(InputFormat.JSONL, "{\"parsed_query\":{\"x\":\"y\"}}")).source());
  }

  @Test
  void aSearchIdLineRereadsThatSearch() {
    Job job = Inputs.only(InputFormat.JSONL, "{\"id\":\"r\",\"search_id\":\"s-1\",\"max_results\":5}");
    assertEquals(Job.Kind.REQUERY, job.kind());
    assertEquals("s-1", JobParts.query(job).value());
    assertEquals(5, JobParts.query(job).maxResults());
  }

  @Test
  void anExportLineExportsItsSearch() {
    Job job = Inputs.only(InputFormat.JSONL, "{\"id\":\"e\",\"export\":{\"search_id\":\"s-9\"}}");
    assertEquals(Job.Kind.EXPORT, job.kind());
    assertEquals("s-9", JobParts.exportSearchId(job));
  }

  @Test
  void exclusionListsAreRead() {
    Job job = Inputs.only(InputFormat.JSONL,
        "{\"query\":\"q\",\"exclude_public_ids\":[\"jane\"],\"exclude_list_ids\":[\"l1\",\"l2\"]}");
    assertEquals(List.of("jane"), JobParts.deep(job).excludePublicIds());
    assertEquals(List.of("l1", "l2"), JobParts.deep(job).excludeListIds());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown mode | {\"id\":\"x\",\"query\":\"q\",\"mode\":\"robots\"} | line 1: field 'mode' must be people or company but was 'robots'",
      "mode not a string | {\"query\":\"q\",\"mode\":3} | line 1: field 'mode' must be people or company but was 3",
      "empty query | {\"query\":\"  \"} | line 1: field 'query' must not be empty",
      "query not a string | {\"query\":42} | line 1: field 'query' must be a string but was 42",
      "page size zero | {\"simple_filters\":{},\"page_size\":0} | line 1: field 'page_size' must be in 1..100 but was 0",
      "page size too big | {\"search_id\":\"s\",\"page_size\":101} | line 1: field 'page_size' must be in 1..100 but was 101",
      "page size not whole | {\"search_id\":\"s\",\"page_size\":2.5} | line 1: field 'page_size' must be a whole number in 1..100 but was 2.5",
      "max results zero | {\"query\":\"q\",\"max_results\":0} | line 1: field 'max_results' must be at least 1 but was 0",
      "max results a string | {\"query\":\"q\",\"max_results\":\"10\"} | line 1: field 'max_results' must be a whole number at least 1 but was '10'",
      "no source | {\"id\":\"x\",\"mode\":\"people\"} | line 1: needs one of the fields 'query', 'simple_filters', 'filters', 'parsed_query', 'search_id', 'export', 'people_intelligence', 'company_intelligence' or 'workflow'",
      "two sources | {\"query\":\"q\",\"search_id\":\"s\"} | line 1: has both 'query' and 'search_id'; give exactly one of 'query', 'simple_filters', 'filters', 'parsed_query', 'search_id', 'export', 'people_intelligence', 'company_intelligence' or 'workflow'",
      "unknown field | {\"query\":\"q\",\"max_result\":5} | line 1: field 'max_result' is not known for a deep search (known: exclude_entity_ids, exclude_list_ids, exclude_public_ids, id, max_results, mode, query)",
      "filters not an object | {\"simple_filters\":[1]} | line 1: field 'simple_filters' must be a JSON object but was [1]",
      "filter maps to null | {\"simple_filters\":{\"a\":null}} | line 1: field 'simple_filters' must not map 'a' to null",
      "empty search id | {\"search_id\":\"\"} | line 1: field 'search_id' must not be empty",
      "export without search id | {\"export\":{}} | line 1: field 'export.search_id' must be a string but was missing",
      "export with extra field | {\"export\":{\"search_id\":\"s\",\"mode\":\"people\"}} | line 1: field 'export.mode' is not known (known: export.search_id)",
      "id of wrong type | {\"id\":true,\"query\":\"q\"} | line 1: field 'id' must be a string or a whole number but was true",
      "empty id | {\"id\":\"\",\"query\":\"q\"} | line 1: field 'id' must not be empty",
      "exclusions not strings | {\"query\":\"q\",\"exclude_list_ids\":[1]} | line 1: field 'exclude_list_ids' must hold only strings but held 1",
      "not an object | [1,2] | line 1: not a JSON object (each line holds one object, such as {\"query\": \"...\"})",
      "trailing content | {\"query\":\"q\"} x | line 1: not valid JSON (Unrecognized token 'x': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false') at column 16)",
      "duplicate key | {\"query\":\"a\",\"query\":\"b\"} | line 1: not valid JSON (Duplicate field 'query' at column 21)",
  })
  void aBadLineBecomesAnInvalidJobNamingTheLineTheFieldAndTheValue(String name, String line,
      String expected) {
    assertEquals(expected, problem(line));
  }

  @Test
  void brokenJsonNamesTheColumn() {
    assertEquals("line 1: not valid JSON (Unexpected character ('x' (code 120)): was expecting"
        + " double-quote to start field name at column 12)", problem("{\"query\":1,x}"));
  }

  @Test
  void theLibrarysOwnChecksArePrefixedWithTheLine() {
    StringBuilder ids = new StringBuilder("[");
    for (int i = 0; i < 6; i++) {
      ids.append(i == 0 ? "" : ",").append("\"l").append(i).append('"');
    }
    String p = problem("{\"query\":\"q\",\"exclude_list_ids\":" + ids + "]}");
    assertEquals("line 1: excludeListIds must hold at most 5 ids but held 6", p);
  }

  @Test
  void anInvalidLineKeepsItsIdWhenItHasAReadableOne() {
    Job job = Inputs.only(InputFormat.JSONL, "{\"id\":\"keep-me\",\"query\":\"\"}");
    assertEquals("keep-me", job.id());
    assertEquals(Job.Kind.INVALID, job.kind());
  }

  @Test
  void aDuplicateIdIsInvalidUnderItsLineIdAndNamesTheFirstLine() {
    List<Job> jobs = Inputs.read(InputFormat.JSONL,
        "{\"id\":\"x\",\"query\":\"q\"}\n{\"id\":\"a\",\"query\":\"q1\"}\n\n\n{\"id\":\"a\",\"query\":\"q2\"}\n");
    Job dup = jobs.get(2);
    assertEquals("line-5", dup.id());
    assertEquals("line 5: duplicate id 'a' (first used on line 2)", JobParts.problem(dup));
  }

  @Test
  void anIdClaimingAnotherLinesDefaultIdIsInvalid() {
    List<Job> jobs = Inputs.read(InputFormat.JSONL, "{\"id\":\"line-2\",\"query\":\"q\"}\n{\"query\":\"r\"}\n");
    assertEquals(Job.Kind.INVALID, jobs.get(0).kind());
    assertTrue(JobParts.problem(jobs.get(0)).startsWith("line 1: id 'line-2' is reserved for the record on line 2"),
        JobParts.problem(jobs.get(0)));
    assertEquals("line-2", jobs.get(1).id());
    assertEquals(Job.Kind.DEEP, jobs.get(1).kind());
  }

  @Test
  void anIdNamingItsOwnLineIsAccepted() {
    assertEquals(Job.Kind.DEEP, Inputs.only(InputFormat.JSONL, "{\"id\":\"line-1\",\"query\":\"q\"}").kind());
  }

  @Test
  void badLinesDoNotStopTheLinesAfterThem() {
    List<Job> jobs = Inputs.read(InputFormat.JSONL, "{oops\n{\"query\":\"fine\"}\n{\"mode\":\"x\"}\n{\"query\":\"also\"}");
    assertEquals(List.of(Job.Kind.INVALID, Job.Kind.DEEP, Job.Kind.INVALID, Job.Kind.DEEP),
        jobs.stream().map(Job::kind).collect(Collectors.toList()));
  }
}

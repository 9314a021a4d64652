package io.s64.runner.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.job.Job;
import io.s64.model.DeepSearchRequest.Mode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CsvAndTextInputTest {

  private static List<Job> csv(String text) {
    return Inputs.read(InputFormat.CSV, text);
  }

  @Test
  void csvColumnsMayComeInAnyOrderAndCase() {
    List<Job> jobs = csv("Max_Results,QUERY,id,mode\r\n30,CTOs in Berlin,a,company\r\n");
    Job a = jobs.get(0);
    assertEquals("a", a.id());
    assertEquals("CTOs in Berlin", JobParts.deep(a).query());
    assertEquals(Mode.COMPANY, JobParts.deep(a).mode());
    assertEquals(30, JobParts.deep(a).maxResults());
  }

  @Test
  void quotedCsvFieldsHoldCommasQuotesAndLineBreaks() {
    List<Job> jobs = csv("id,query\n\"x, y\",\"Heads of \"\"Growth\"\"\nin London\"\nz,plain\n");
    assertEquals("x, y", jobs.get(0).id());
    assertEquals("Heads of \"Growth\"\nin London", JobParts.deep(jobs.get(0)).query());
    assertEquals("z", jobs.get(1).id());
  }

  @Test
  void aCsvRecordWithoutAnIdIsNamedAfterTheLineItStartsOn() {
    List<Job> jobs = csv("query,id\n\"two\nlines\",\n\nthird,\n");
    assertEquals(List.of("line-2", "line-5"), jobs.stream().map(Job::id).collect(Collectors.toList()));
  }

  @Test
  void emptyCellsTakeTheRunDefaults() {
    byte[] in = "id,query,mode,max_results\na,q,,\n".getBytes(StandardCharsets.UTF_8);
    Job a = Inputs.read(InputFormat.CSV, in, new InputDefaults(Mode.COMPANY, 12, 100)).get(0);
    assertEquals(Mode.COMPANY, JobParts.deep(a).mode());
    assertEquals(12, JobParts.deep(a).maxResults());
  }

  @Test
  void badCsvRecordsBecomeInvalidJobsNamingLineAndField() {
    List<Job> jobs = csv("id,query,mode,max_results\n"
        + "a,q,robots,\n"
        + "b,,people,\n"
        + "c,q,,zero\n"
        + "d,q\n"
        + "e,\"q\"x,,\n"
        + "f,fine,,\n");
    assertEquals("line 2: field 'mode' must be people or company but was 'robots'", JobParts.problem(jobs.get(0)));
    assertEquals("line 3: field 'query' must not be empty", JobParts.problem(jobs.get(1)));
    assertEquals("line 4: field 'max_results' must be a whole number of at least 1 but was 'zero'",
        JobParts.problem(jobs.get(2)));
    assertEquals("line 5: has 2 fields but the header has 4", JobParts.problem(jobs.get(3)));
    assertEquals("line 6: unexpected 'x' after a closing quote at column 6 (a quote inside a quoted"
        + " field is written twice)", JobParts.problem(jobs.get(4)));
    assertEquals(Job.Kind.DEEP, jobs.get(5).kind());
    assertEquals("f", jobs.get(5).id());
  }

  @Test
  void anUnclosedQuoteAtTheEndIsInvalid() {
    List<Job> jobs = csv("query\nok\n\"never closed\nstill open\n");
    assertEquals(Job.Kind.DEEP, jobs.get(0).kind());
    assertEquals("line 3: a quoted field is not closed before the end of the input", JobParts.problem(jobs.get(1)));
  }

  @Test
  void aCsvDuplicateIdIsInvalid() {
    List<Job> jobs = csv("id,query\na,q1\na,q2\n");
    assertEquals("line 3: duplicate id 'a' (first used on line 2)", JobParts.problem(jobs.get(1)));
  }

  @Test
  void aHeaderWithAnUnknownColumnStopsTheInput() {
    InputException e = assertThrows(InputException.class, () -> csv("id,query,colour\na,q,red\n"));
    assertEquals("INPUT 'test-input' header column 'colour' is not one of id, query, mode, max_results",
        e.getMessage());
  }

  @Test
  void aHeaderWithoutQueryStopsTheInput() {
    InputException e = assertThrows(InputException.class, () -> csv("id,mode\na,people\n"));
    assertTrue(e.getMessage().contains("header has no 'query' column"), e.getMessage());
  }

  @Test
  void anEmptyCsvStopsTheInput() {
    assertThrows(InputException.class, () -> csv(""));
  }

  @Test
  void textLinesAreDeepQueriesNamedByLineSkippingBlankLines() {
    List<Job> jobs = Inputs.read(InputFormat.TEXT, "CTOs in Berlin\n\n  \nVPs in Paris\n");
    assertEquals(List.of("line-1", "line-4"), jobs.stream().map(Job::id).collect(Collectors.toList()));
    assertEquals("VPs in Paris", JobParts.deep(jobs.get(1)).query());
  }

  @Test
  void textLinesTakeTheRunDefaults() {
    byte[] in = "q\n".getBytes(StandardCharsets.UTF_8);
    Job job = Inputs.read(InputFormat.TEXT, in, new InputDefaults(Mode.COMPANY, 7, 100)).get(0);
    assertEquals(Mode.COMPANY, JobParts.deep(job).mode());
    assertEquals(7, JobParts.deep(job).maxResults());
  }

  @Test
  void theFormatFollowsTheExtension() {
    assertEquals(InputFormat.JSONL, InputFormat.of("a.JSONL"));
    assertEquals(InputFormat.JSONL, InputFormat.of("a.ndjson"));
    assertEquals(InputFormat.JSONL, InputFormat.of("-"));
    assertEquals(InputFormat.CSV, InputFormat.of("dir/a.csv"));
    assertEquals(InputFormat.TEXT, InputFormat.of("a.txt"));
    InputException e = assertThrows(InputException.class, () -> InputFormat.of("a.xml"));
    assertTrue(e.getMessage().startsWith("INPUT 'a.xml' has an unknown format"), e.getMessage());
  }

  @Test
  void aMissingFileFailsTheInputNamingIt() {
    InputException e = assertThrows(InputException.class,
        () -> InputReader.read("/nonexistent/in.jsonl", InputDefaults.api()).blockLast());
    assertTrue(e.getMessage().startsWith("INPUT '/nonexistent/in.jsonl' cannot be read"), e.getMessage());
  }
}

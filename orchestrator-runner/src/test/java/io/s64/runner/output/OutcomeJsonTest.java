package io.s64.runner.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.s64.job.Outcome.Failure;
import io.s64.job.Outcome.Status;
import io.s64.job.Outcome;
import io.s64.job.BatchEvent;
import io.s64.job.Job;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomeJsonTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  private static Outcome outcome(Status status, Failure failure, String duplicateOf, String message) {
    return new Outcome("job-1", io.s64.job.Job.Kind.DEEP, status, 42, "t-1", "s-1", failure, duplicateOf, message, T0,
        T0.plusSeconds(1), T0.plusSeconds(31), T0.plusMillis(31_250), 9);
  }

  private static JsonNode json(Outcome o) throws IOException {
    byte[] line = OutcomeJson.line(o);
    assertEquals('\n', line[line.length - 1], "one line");
    String text = new String(line, StandardCharsets.UTF_8);
    assertEquals(1, text.split("\n", -1).length - 1, "exactly one newline");
    return JsonLines.MAPPER.readTree(text);
  }

  @Test
  void aCompletedOutcomeHasEveryFieldInItsPlace() throws IOException {
    JsonNode j = json(outcome(Status.COMPLETED, null, null, null));
    assertEquals(List.of("job_id", "kind", "status", "rows", "task_id", "search_id", "error", "duplicate_of",
        "message", "timings", "requests", "phase", "iterations"), fieldNames(j));
    assertEquals("job-1", j.get("job_id").asText());
    assertEquals("deep", j.get("kind").asText());
    assertEquals("completed", j.get("status").asText());
    assertEquals(42, j.get("rows").asLong());
    assertEquals("t-1", j.get("task_id").asText());
    assertEquals("s-1", j.get("search_id").asText());
    assertTrue(j.get("error").isNull());
    assertEquals(9, j.get("requests").asLong());
    JsonNode t = j.get("timings");
    assertEquals("2030-01-01T00:00:00Z", t.get("admitted_at").asText());
    assertEquals("2030-01-01T00:00:01Z", t.get("started_at").asText());
    assertEquals("2030-01-01T00:00:31Z", t.get("terminal_at").asText());
    assertEquals("2030-01-01T00:00:31.250Z", t.get("finished_at").asText());
    assertEquals(31_250, t.get("elapsed_ms").asLong());
  }

  @Test
  void aDeepSearchKeepsThePhaseAndIterationCountOfItsLastPoll() throws IOException {
    JsonNode j = JsonLines.MAPPER.readTree(OutcomeJson.line(outcome(Status.TIMED_OUT, null, null, "no terminal status"),
        new BatchEvent.Polled("job-1", "t-1", "running", "Searching (iteration 3 of 3)", 2, 2)));
    assertEquals(2, j.get("phase").asInt());
    assertEquals(2, j.get("iterations").asInt());
    JsonNode unpolled = json(outcome(Status.FAILED, new Failure(Failure.Reason.API_ERROR, 402, "no credits"), null, null));
    assertTrue(unpolled.get("phase").isNull() && unpolled.get("iterations").isNull(), unpolled.toString());
    JsonNode noPhase = JsonLines.MAPPER.readTree(OutcomeJson.line(outcome(Status.COMPLETED, null, null, null),
        new BatchEvent.Polled("job-1", "t-1", "completed", null, null, 0)));
    assertTrue(noPhase.get("phase").isNull(), noPhase.toString());
    assertEquals(0, noPhase.get("iterations").asInt());
  }

  @Test
  void otherJobsHaveNoPhaseOrIterations() throws IOException {
    Outcome export = new Outcome("x", Job.Kind.EXPORT, Status.COMPLETED, 3, "t-9", "s-1", null, null, null, T0,
        T0, T0, T0, 4);
    JsonNode j = JsonLines.MAPPER.readTree(OutcomeJson.line(export,
        new BatchEvent.Polled("x", "t-9", "completed", "Export complete", 3, 0)));
    assertTrue(j.get("phase").isNull(), j.toString());
    assertTrue(j.get("iterations").isNull(), j.toString());
  }

  @Test
  void anApiErrorIsAnObjectWithStatusAndDetail() throws IOException {
    JsonNode e = json(outcome(Status.FAILED, new Failure(Failure.Reason.API_ERROR, 403,
        "Feature not enabled"), null, null)).get("error");
    assertEquals(403, e.get("status").asInt());
    assertEquals("Feature not enabled", e.get("detail").asText());
  }

  @Test
  void aFailedSearchIsAnObjectWithoutHttpStatus() throws IOException {
    JsonNode e = json(outcome(Status.FAILED, new Failure(Failure.Reason.SEARCH_FAILED, 0,
        "upstream provider returned no results"), null, null)).get("error");
    assertTrue(e.get("status").isNull());
    assertEquals("upstream provider returned no results", e.get("detail").asText());
  }

  @Test
  void exhaustedRetriesAreAMessage() throws IOException {
    JsonNode e = json(outcome(Status.FAILED, new Failure(Failure.Reason.RETRIES_EXHAUSTED, 503,
        "POST /search/query failed with HTTP 503"), null, null)).get("error");
    assertEquals("retries exhausted: POST /search/query failed with HTTP 503", e.asText());
  }

  @Test
  void duplicatesAndInvalidJobsCarryTheirReference() throws IOException {
    JsonNode d = json(outcome(Status.DUPLICATE, null, "job-0", "same request as job job-0"));
    assertEquals("duplicate", d.get("status").asText());
    assertEquals("job-0", d.get("duplicate_of").asText());
    JsonNode i = json(outcome(Status.INVALID, null, null, "line 7: field 'mode' must be people or company"));
    assertEquals("invalid", i.get("status").asText());
    assertEquals("line 7: field 'mode' must be people or company", i.get("message").asText());
  }

  @Test
  void aDuplicateOfAFailedJobCarriesItsOriginalNextToTheError() throws IOException {
    JsonNode d = json(new Outcome("job-2", io.s64.job.Job.Kind.DEEP, Status.FAILED, 0, null, null,
        new Failure(Failure.Reason.SEARCH_FAILED, 0, "upstream provider failed"), "job-1", null, T0, null, null,
        T0.plusSeconds(31), 0));
    assertEquals("failed", d.get("status").asText());
    assertEquals("job-1", d.get("duplicate_of").asText());
    assertEquals("upstream provider failed", d.get("error").get("detail").asText());
  }

  @Test
  void timedOutKeepsItsTaskForReattaching() throws IOException {
    JsonNode j = json(outcome(Status.TIMED_OUT, null, null, "no terminal status within PT30M"));
    assertEquals("timed_out", j.get("status").asText());
    assertEquals("t-1", j.get("task_id").asText());
  }

  private static List<String> fieldNames(JsonNode j) {
    List<String> names = new ArrayList<>();
    j.fieldNames().forEachRemaining(names::add);
    return names;
  }
}

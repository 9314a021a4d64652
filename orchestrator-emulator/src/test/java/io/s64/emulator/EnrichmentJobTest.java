package io.s64.emulator;

import static io.s64.emulator.Fixture.COMPANY;
import static io.s64.emulator.Fixture.PEOPLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.s64.emulator.state.EnrichmentRegistry;
import io.s64.emulator.state.EnrichmentResults;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnrichmentJobTest {
  static final String ADA = "{\"lead_info\":{\"full_name\":\"Ada Lovelace\","
      + "\"company\":\"Analytical Engines\"},\"struct\":{\"email\":\"work email\","
      + "\"title\":\"job title\",\"years\":{\"description\":\"years in role\",\"type\":\"int\"}}}";
  private @Nullable Fixture fx;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  void aPeopleJobRunsUntilItsDurationThenCompletesWithItsResultAndCharge() {
    fx = Fixture.start();
    Api.Reply start = fx.api.post(PEOPLE, ADA);
    assertEquals(200, start.status());
    String id = start.json().get("task_id").asText();
    assertEquals(Set.of("task_id", "status"), names(start.json()));
    assertEquals("RUNNING", start.json().get("status").asText());

    JsonNode running = fx.job(id);
    assertEquals(Set.of("status", "id", "run_id", "start_time"), names(running));
    assertEquals("running", running.get("status").asText());
    assertEquals(id, running.get("id").asText());
    assertEquals("2030-01-01T00:00:00Z", running.get("start_time").asText());
    fx.clock.advance(Duration.ofSeconds(59));
    assertEquals("running", fx.job(id).get("status").asText());

    fx.clock.advance(Duration.ofSeconds(1));
    JsonNode done = fx.job(id);
    assertEquals(Set.of("status", "id", "run_id", "start_time", "close_time", "result",
        "charge_amount", "task_type"), names(done));
    assertEquals("completed", done.get("status").asText());
    assertEquals(running.get("run_id"), done.get("run_id"));
    assertEquals("2030-01-01T00:01:00Z", done.get("close_time").asText());
    assertEquals("lead_enrichment", done.get("task_type").asText());
    assertEquals(5, done.get("charge_amount").asInt(), "tier low by default");
    JsonNode result = done.get("result");
    assertEquals(Set.of("structured_data", "confidence_score", "references", "notes"),
        names(result));
    JsonNode data = result.get("structured_data");
    assertEquals(List.of("email", "title", "years"), fieldNames(data), "one value per struct key");
    assertEquals("ada.lovelace@analytical-engines.example.com", data.get("email").asText());
    assertTrue(data.get("title").isTextual());
    assertTrue(data.get("years").isInt(), "a {\"type\": \"int\"} field is an integer");
    double confidence = result.get("confidence_score").asDouble();
    assertTrue(confidence >= 0 && confidence <= 1, "confidence " + confidence);
    assertTrue(result.get("references").size() > 0);
    assertTrue(result.get("references").fields().next().getKey().startsWith("https://"));
    assertTrue(result.get("notes").asText().contains("Ada Lovelace"));
  }

  @Test
  void theResultIsAFunctionOfTheSeedAndTheRequest() {
    JsonNode first = completedResult(64, ADA);
    assertEquals(first, completedResult(64, ADA), "same seed, same request");
    assertNotEquals(first, completedResult(65, ADA), "another seed");
    String otherLead = ADA.replace("Ada Lovelace", "Grace Hopper");
    assertNotEquals(first, completedResult(64, otherLead), "another lead");
  }

  @Test
  void aPeopleJobWithoutAStructReturnsTheDefaultFieldsAndEchoesTheLeadsOwnValues() {
    fx = Fixture.start();
    String id = fx.startJob(PEOPLE,
        "{\"lead_info\":{\"full_name\":\"Ada Lovelace\",\"location\":\"London\"}}");
    fx.clock.advance(Duration.ofMinutes(1));
    JsonNode data = fx.job(id).get("result").get("structured_data");
    assertEquals(EnrichmentResults.DEFAULT_PEOPLE_FIELDS, fieldNames(data));
    assertEquals("Ada Lovelace", data.get("full_name").asText());
    assertEquals("London", data.get("location").asText());
  }

  @ParameterizedTest(name = "tier {0}: {1} cents, {2} credits")
  @CsvSource({"micro, 2, 0.2", "low, 5, 0.5", "medium, 10, 1.0"})
  void theChargeIsInCentsByDefaultAndInCreditsOfTenCentsOnRequest(String tier, int cents,
      double credits) {
    fx = Fixture.start();
    String id = fx.startJob(PEOPLE, "{\"lead_info\":{\"name\":\"A\"},\"tier\":\"" + tier + "\"}");
    fx.clock.advance(Duration.ofMinutes(1));
    JsonNode byDefault = fx.job(id);
    assertEquals(cents, byDefault.get("charge_amount").asInt());
    assertFalse(byDefault.has("charge_credits"));
    assertEquals(byDefault, fx.api.get("/job-status/" + id + "?cost_units=cents").json());
    JsonNode inCredits = fx.api.get("/job-status/" + id + "?cost_units=credits").json();
    assertEquals(credits, inCredits.get("charge_credits").asDouble(), 1e-9);
    assertFalse(inCredits.has("charge_amount"));
  }

  @Test
  void anUnknownCostUnitIs422AtTheQueryParameter() {
    fx = Fixture.start();
    String id = fx.startJob(PEOPLE, "{\"lead_info\":{}}");
    Api.Reply reply = fx.api.get("/job-status/" + id + "?cost_units=dollars");
    assertEquals(422, reply.status());
    JsonNode error = reply.json().get("detail").get(0);
    assertEquals("enum", error.get("type").asText());
    assertEquals("[\"query\",\"cost_units\"]", error.get("loc").toString());
  }

  @Test
  void anUnknownJobIs404JobNotFound() {
    fx = Fixture.start();
    Api.Reply reply = fx.api.get("/job-status/no-such-job");
    assertEquals(404, reply.status());
    assertEquals("Job not found", reply.detail());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "/people-intelligence-async|{\"lead_info\":{\"name\":\"A\",\"x\":\"FAILME\"}}|failed",
      "/people-intelligence-async|{\"lead_info\":{\"deep\":[{\"n\":\"CANCELME\"}]}}|cancelled",
      "/company-intelligence-async|{\"target_company\":{\"n\":\"TERMINATEME\"},\"struct\":{}}"
          + "|terminated",
      "/company-intelligence-async|{\"target_company\":{\"n\":\"a TIMEOUTME\"},\"struct\":{}}"
          + "|timed_out"})
  void aMarkerAnywhereInTheSubjectForcesItsTerminalStatusWithAnError(String path, String body,
      String status) {
    fx = Fixture.start();
    String id = fx.startJob(path, body);
    assertEquals("running", fx.job(id).get("status").asText());
    fx.clock.advance(Duration.ofMinutes(1));
    JsonNode ended = fx.job(id);
    assertEquals(status, ended.get("status").asText());
    assertEquals(Set.of("status", "id", "run_id", "start_time", "close_time", "error",
        "task_type"), names(ended));
    String marker = body.replaceAll(".*?([A-Z]+ME)\\b.*", "$1");
    assertTrue(ended.get("error").asText().contains("(" + marker + ")"), ended.toString());
  }

  @Test
  void theFailRateFailsJobsByASeededDraw() {
    List<String> first = statuses(7, 0.5);
    assertEquals(first, statuses(7, 0.5), "same seed, same failures");
    assertTrue(first.contains("failed") && first.contains("completed"), first.toString());
    assertEquals(List.of("failed"), new ArrayList<>(new HashSet<>(statuses(7, 1.0))));
  }

  @Test
  void aCompanyJobWithFindPeopleListsScoredLeadsWithTheLeadStruct() {
    fx = Fixture.start();
    String body = "{\"target_company\":{\"company_name\":\"Acme\",\"website\":"
        + "\"https://www.acme.com/about\"},\"struct\":{\"industry\":\"industry\","
        + "\"employee_count\":{\"type\":\"int\"}},\"find_people\":true,"
        + "\"people_focus_prompt\":\"engineering leaders\","
        + "\"lead_struct\":{\"full_name\":\"name\",\"email\":\"work email\"},"
        + "\"field_confidence\":true}";
    String id = fx.startJob(COMPANY, body);
    fx.clock.advance(Duration.ofMinutes(1));
    JsonNode done = fx.job(id);
    assertEquals("company_enrichment", done.get("task_type").asText());
    JsonNode data = done.get("result").get("structured_data");
    assertEquals(List.of("industry", "employee_count", "leads"), fieldNames(data));
    JsonNode leads = data.get("leads");
    assertTrue(leads.size() >= 3 && leads.size() <= 8, "leads " + leads.size());
    double previous = 11;
    for (JsonNode lead : leads) {
      assertEquals(List.of("full_name", "email", "score"), fieldNames(lead));
      assertTrue(lead.get("email").asText().endsWith("@acme.com"), lead.toString());
      double score = lead.get("score").asDouble();
      assertTrue(score >= 0 && score <= 10 && score < previous, "scores best first");
      previous = score;
    }
    assertEquals(List.of("industry", "employee_count"),
        fieldNames(done.get("result").get("field_confidence")));
    assertEquals(10 + leads.size(), done.get("charge_amount").asInt(),
        "a company job costs twice a people job, plus a cent per lead");
  }

  @Test
  void aFullOrgChartHasMoreLeads() {
    fx = Fixture.start();
    String id = fx.startJob(COMPANY, "{\"target_company\":{\"company_name\":\"Acme\"},"
        + "\"struct\":{},\"find_people\":true,\"full_org_chart\":true}");
    fx.clock.advance(Duration.ofMinutes(1));
    JsonNode data = fx.job(id).get("result").get("structured_data");
    int leads = data.get("leads").size();
    assertTrue(leads >= 10 && leads <= 20, "leads " + leads);
    assertEquals(EnrichmentResults.DEFAULT_LEAD_FIELDS.size() + 1,
        data.get("leads").get(0).size(), "default lead fields and a score");
  }

  @Test
  void durationsAreDrawnWithinTheConfiguredRange() {
    fx = Fixture.start(b -> b.enrichDuration(Duration.ofSeconds(30), Duration.ofSeconds(300)));
    Set<Duration> seen = new HashSet<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      ids.add(fx.startJob(PEOPLE, "{\"lead_info\":{\"i\":" + i + "}}"));
    }
    fx.clock.advance(Duration.ofMinutes(5));
    for (String id : ids) {
      JsonNode done = fx.job(id);
      Duration took = Duration.between(Instant.parse(done.get("start_time").asText()),
          Instant.parse(done.get("close_time").asText()));
      assertTrue(took.getSeconds() >= 30 && took.getSeconds() <= 300, took.toString());
      seen.add(took);
    }
    assertTrue(seen.size() > 1, "drawn, not fixed: " + seen);
  }

  @Test
  void enrichmentJobsHoldNoSearchSlotAndAreCounted() {
    fx = Fixture.start(b -> b.slots(1));
    for (int i = 0; i < 3; i++) {
      fx.startJob(i % 2 == 0 ? PEOPLE : COMPANY, i % 2 == 0
          ? "{\"lead_info\":{}}" : "{\"target_company\":{},\"struct\":{}}");
    }
    fx.startSearch("{\"query\":\"cto\"}");
    EmulatorStats stats = fx.emulator.stats();
    assertEquals(3, stats.enrichmentJobsCreated());
    assertEquals(1, stats.busySlots());
    assertEquals(2, stats.requests("POST " + PEOPLE));
    assertEquals(1, stats.requests("POST " + COMPANY));
    JsonNode json = fx.api.get("/_emulator/stats").json();
    assertEquals(3, json.get("enrichment_jobs_created").asInt());
    for (String field : new String[] {"webhook_attempts", "webhooks_delivered",
        "webhooks_failed"}) {
      assertEquals(0, json.get(field).asInt(), field);
    }
  }

  private JsonNode completedResult(long seed, String body) {
    try (Fixture f = Fixture.start(b -> b.seed(seed))) {
      String id = f.startJob(PEOPLE, body);
      f.clock.advance(Duration.ofMinutes(1));
      return f.job(id).get("result");
    }
  }

  private static List<String> statuses(long seed, double failRate) {
    List<String> out = new ArrayList<>();
    try (Fixture f = Fixture.start(b -> b.seed(seed).enrichFailRate(failRate))) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        ids.add(f.startJob(PEOPLE, "{\"lead_info\":{\"i\":" + i + "}}"));
      }
      f.clock.advance(Duration.ofMinutes(1));
      for (String id : ids) {
        JsonNode job = f.job(id);
        out.add(job.get("status").asText());
        if (job.has("error")) {
          assertEquals(EnrichmentRegistry.RANDOM_ERROR, job.get("error").asText());
        }
      }
    }
    return out;
  }

  static Set<String> names(JsonNode node) {
    return new HashSet<>(fieldNames(node));
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}

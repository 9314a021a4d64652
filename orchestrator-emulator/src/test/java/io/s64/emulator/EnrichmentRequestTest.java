package io.s64.emulator;

import static io.s64.emulator.Fixture.COMPANY;
import static io.s64.emulator.Fixture.PEOPLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.s64.emulator.enrichment.EnrichHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Validation, the high-tier 403, and auth, rate limit and faults on the enrichment endpoints. */
class EnrichmentRequestTest {
  private static final String LEAD = "{\"lead_info\":{\"name\":\"Ada\"}}";
  private @Nullable Fixture fx;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  @ParameterizedTest(name = "{0} {1} -> {2} at {3}")
  @CsvSource(delimiter = '|', value = {
      "/people-intelligence-async|{}|missing|lead_info",
      "/people-intelligence-async|{\"lead_info\":\"Ada\"}|dict_type|lead_info",
      "/people-intelligence-async|{\"lead_info\":null}|dict_type|lead_info",
      "/people-intelligence-async|{\"lead_info\":{},\"struct\":[1]}|dict_type|struct",
      "/people-intelligence-async|{\"lead_info\":{},\"tier\":\"ultra\"}|enum|tier",
      "/people-intelligence-async|{\"lead_info\":{},\"research_plan\":5}|string_type|research_plan",
      "/people-intelligence-async|{\"lead_info\":{},\"field_confidence\":\"yes\"}|bool_type"
          + "|field_confidence",
      "/people-intelligence-async|{\"lead_info\":{},\"webhook_url\":7}|url_type|webhook_url",
      "/people-intelligence-async|{\"lead_info\":{},\"webhook_url\":\"\"}|url_parsing|webhook_url",
      "/people-intelligence-async|{\"lead_info\":{},\"webhook_url\":\"not a url\"}|url_parsing"
          + "|webhook_url",
      "/people-intelligence-async|{\"lead_info\":{},\"webhook_url\":\"/hooks\"}|url_parsing"
          + "|webhook_url",
      "/people-intelligence-async|{\"lead_info\":{},\"webhook_url\":\"ftp://h.example/x\"}"
          + "|url_scheme|webhook_url",
      "/company-intelligence-async|{\"target_company\":{}}|missing|struct",
      "/company-intelligence-async|{\"struct\":{}}|missing|target_company",
      "/company-intelligence-async|{\"target_company\":{},\"struct\":null}|dict_type|struct",
      "/company-intelligence-async|{\"target_company\":{},\"struct\":{},\"find_people\":\"y\"}"
          + "|bool_type|find_people",
      "/company-intelligence-async|{\"target_company\":{},\"struct\":{},\"find_people\":null}"
          + "|bool_type|find_people",
      "/company-intelligence-async|{\"target_company\":{},\"struct\":{},\"full_org_chart\":1}"
          + "|bool_type|full_org_chart",
      "/company-intelligence-async|{\"target_company\":{},\"struct\":{},\"lead_struct\":\"x\"}"
          + "|dict_type|lead_struct",
      "/company-intelligence-async|{\"target_company\":{},\"struct\":{},"
          + "\"people_focus_prompt\":1}|string_type|people_focus_prompt",
      "/company-intelligence-async|{\"target_company\":{},\"struct\":{},\"tier\":\"xhigh\"}"
          + "|enum|tier"})
  void anInvalidBodyIs422NamingTheField(String path, String body, String type, String field) {
    fx = Fixture.start();
    Api.Reply reply = fx.api.post(path, body);
    assertEquals(422, reply.status(), reply.body());
    JsonNode error = reply.json().get("detail").get(0);
    assertEquals(type, error.get("type").asText(), reply.body());
    assertEquals("[\"body\",\"" + field + "\"]", error.get("loc").toString());
    assertTrue(error.has("msg") && error.has("input"));
    assertEquals(0, fx.emulator.stats().enrichmentJobsCreated());
  }

  @Test
  void everyInvalidFieldIsReportedAtOnce() {
    fx = Fixture.start();
    Api.Reply reply = fx.api.post(COMPANY, "{\"tier\":\"x\",\"webhook_url\":\"mailto:a@b\"}");
    assertEquals(422, reply.status());
    List<String> fields = new ArrayList<>();
    reply.json().get("detail").forEach(e -> fields.add(e.get("loc").get(1).asText()));
    assertEquals(List.of("target_company", "struct", "tier", "webhook_url"), fields);
  }

  @Test
  void aWebhookUrlLongerThan2083CharactersIs422AndOneOf2083IsAccepted() {
    fx = Fixture.start();
    String base = "https://hooks.example.com/";
    String longest = base + "a".repeat(EnrichHandler.MAX_URL_LENGTH - base.length());
    assertEquals(200, fx.api.post(PEOPLE,
        "{\"lead_info\":{},\"webhook_url\":\"" + longest + "\"}").status());
    Api.Reply reply = fx.api.post(PEOPLE,
        "{\"lead_info\":{},\"webhook_url\":\"" + longest + "a\"}");
    assertEquals(422, reply.status());
    JsonNode error = reply.json().get("detail").get(0);
    assertEquals("url_too_long", error.get("type").asText());
    assertEquals(2083, error.get("ctx").get("max_length").asInt());
  }

  @Test
  void nullOptionalFieldsAreTheSameAsAbsentOnes() {
    fx = Fixture.start();
    assertEquals(200, fx.api.post(PEOPLE, "{\"lead_info\":{},\"struct\":null,"
        + "\"research_plan\":null,\"tier\":null,\"webhook_url\":null,"
        + "\"field_confidence\":null,\"unknown\":1}").status());
    assertEquals(200, fx.api.post(COMPANY, "{\"target_company\":{},\"struct\":{},"
        + "\"people_focus_prompt\":null,\"lead_struct\":null,\"research_plan\":\"\","
        + "\"tier\":null,\"webhook_url\":null,\"field_confidence\":null}").status());
    assertEquals(2, fx.emulator.stats().enrichmentJobsCreated());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {PEOPLE, COMPANY})
  void theHighTierIs403UnlessTheOrganizationHasIt(String path) {
    String body = path.equals(PEOPLE)
        ? "{\"lead_info\":{},\"tier\":\"high\"}"
        : "{\"target_company\":{},\"struct\":{},\"tier\":\"high\"}";
    fx = Fixture.start();
    Api.Reply refused = fx.api.post(path, body);
    assertEquals(403, refused.status());
    assertEquals("High tier company enrichment is not enabled for this org. "
        + "Contact sales to request access.", refused.detail());
    assertEquals(0, fx.emulator.stats().enrichmentJobsCreated());
    fx.close();

    fx = Fixture.start(b -> b.allowHighTier(true));
    String id = fx.startJob(path, body);
    fx.clock.advance(Duration.ofMinutes(1));
    assertEquals(path.equals(PEOPLE) ? 25 : 50, fx.job(id).get("charge_amount").asInt());
  }

  @Test
  void anUnknownOrMissingKeyIs401() {
    fx = Fixture.start(b -> b.apiKeys(List.of(Api.KEY)));
    assertEquals(401, fx.api.withKey(null).post(PEOPLE, LEAD).status());
    assertEquals(401, fx.api.withKey("other").get("/job-status/x").status());
    assertEquals(0, fx.emulator.stats().enrichmentJobsCreated());
  }

  @Test
  void theRateLimitCoversStartsAndJobStatus() {
    fx = Fixture.start(b -> b.rateLimit(2).rateWindow(Duration.ofSeconds(10)));
    String id = fx.startJob(PEOPLE, LEAD);
    Api.Reply status = fx.api.get("/job-status/" + id);
    assertEquals(200, status.status());
    assertEquals("0", status.header("X-RateLimit-Remaining"));
    Api.Reply limited = fx.api.post(PEOPLE, LEAD);
    assertEquals(429, limited.status());
    assertEquals("Rate limit exceeded", limited.detail());
    assertEquals(429, fx.api.get("/job-status/" + id).status());
    assertEquals(1, fx.emulator.stats().enrichmentJobsCreated(), "a limited start creates none");
    fx.clock.advance(Duration.ofSeconds(10));
    assertEquals(200, fx.api.get("/job-status/" + id).status());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"HTTP_500, 500", "HTTP_502_HTML, 502", "HTTP_503, 503"})
  void anErrorFaultOnAStartCreatesNoJob(FaultKind kind, int status) {
    fx = Fixture.start(b -> b.fault(kind, 1.0));
    assertEquals(status, fx.api.post(PEOPLE, LEAD).status());
    assertEquals(status, fx.api.post(COMPANY, "{\"target_company\":{},\"struct\":{}}").status());
    assertEquals(status, fx.api.get("/job-status/x").status());
    EmulatorStats stats = fx.emulator.stats();
    assertEquals(0, stats.enrichmentJobsCreated());
    assertEquals(3, stats.faults(kind));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = FaultKind.class, names = {"CONNECTION_RESET", "LOST_START"})
  void aResetOnAStartCreatesNoJobBecauseALostStartIsDeepSearchOnly(FaultKind kind) {
    fx = Fixture.start(b -> b.fault(kind, 1.0));
    assertThrows(IOException.class, () -> fx.api.sendOrThrow(fx.api.post(PEOPLE, LEAD, null)));
    EmulatorStats stats = fx.emulator.stats();
    assertEquals(0, stats.enrichmentJobsCreated());
    assertEquals(1, stats.faults(FaultKind.CONNECTION_RESET));
    assertEquals(0, stats.faults(FaultKind.LOST_START));
  }

  @Test
  void aSlowResponseToAStartHasCreatedTheJobBeforeItArrives() {
    fx = Fixture.start(b -> b.fault(FaultKind.SLOW_RESPONSE, 1.0)
        .slowResponseDelay(Duration.ofSeconds(1)));
    CompletableFuture<Api.Reply> reply =
        fx.api.sendAsync(fx.api.post(PEOPLE, LEAD, Duration.ofSeconds(5)));
    Hooks.await(() -> fx.emulator.stats().enrichmentJobsCreated(), n -> n == 1);
    assertFalse(reply.isDone(), "the job exists before the response arrives");
    StepVerifier.create(Mono.fromFuture(reply))
        .assertNext(r -> {
          assertEquals(200, r.status());
          assertNotNull(r.json().get("task_id"));
        })
        .expectComplete()
        .verify(Duration.ofSeconds(5));
  }
}

package io.s64.runner.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.job.Job;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** People and company intelligence lines of a JSON-lines input. */
class EnrichmentInputTest {

  private static String problem(String line) {
    Job job = Inputs.only(InputFormat.JSONL, line);
    assertEquals(Job.Kind.INVALID, job.kind(), "expected invalid: " + job);
    return JobParts.problem(job);
  }

  @Test
  void aPeopleIntelligenceLineBecomesAPeopleJob() {
    Job job = Inputs.only(InputFormat.JSONL, "{\"id\":\"p\",\"people_intelligence\":{\"lead_info\":"
        + "{\"name\":\"Ada Lovelace\",\"company\":\"Analytical Engines\"},\"struct\":{\"email\":\"work email\"},"
        + "\"tier\":\"Medium\",\"webhook_url\":\"https://hooks.example.com/s64\",\"field_confidence\":true}}");
    assertEquals(Job.Kind.PEOPLE_INTELLIGENCE, job.kind());
    assertEquals(Map.of("name", "Ada Lovelace", "company", "Analytical Engines"), JobParts.people(job).leadInfo());
    assertEquals(Map.of("email", "work email"), JobParts.people(job).struct());
    assertEquals("medium", JobParts.people(job).tier());
    assertEquals("https://hooks.example.com/s64", JobParts.people(job).webhookUrl());
    assertEquals(Boolean.TRUE, JobParts.people(job).fieldConfidence());
  }

  @Test
  void aCompanyIntelligenceLineBecomesACompanyJob() {
    Job job = Inputs.only(InputFormat.JSONL, "{\"company_intelligence\":{\"target_company\":"
        + "{\"company_name\":\"Acme\",\"domain\":\"acme.com\"},\"struct\":{\"revenue\":\"annual revenue\"},"
        + "\"find_people\":true,\"people_focus_prompt\":\"engineering leaders\"}}");
    assertEquals(Job.Kind.COMPANY_INTELLIGENCE, job.kind());
    assertEquals("line-1", job.id());
    assertTrue(JobParts.company(job).findPeople());
    assertEquals("engineering leaders", JobParts.company(job).peopleFocusPrompt());
    assertNull(JobParts.company(job).webhookUrl());
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
    "{\"people_intelligence\":{}}|line 1: field 'people_intelligence.lead_info' is required (an object)",
    "{\"people_intelligence\":{\"lead_info\":\"Ada\"}}|line 1: field 'people_intelligence.lead_info' must be an object but was 'Ada'",
    "{\"people_intelligence\":{\"lead_info\":{}}}|line 1: field 'people_intelligence.lead_info' must not be empty",
    "{\"people_intelligence\":{\"lead_info\":{\"name\":\"A\"},\"tier\":\"gold\"}}|line 1: field 'people_intelligence': tier must be one of low, micro, medium, high but was 'gold'",
    "{\"people_intelligence\":{\"lead_info\":{\"name\":\"A\"},\"webhook_url\":\"ftp://x\"}}|line 1: field 'people_intelligence': webhookUrl must be an http(s) URL with a host but was 'ftp://x'",
    "{\"people_intelligence\":{\"lead_info\":{\"name\":\"A\"},\"leadinfo\":1}}|line 1: field 'people_intelligence.leadinfo' is not known (known: lead_info, struct, research_plan, tier, webhook_url, field_confidence)",
    "{\"company_intelligence\":{\"target_company\":{\"company_name\":\"A\"}}}|line 1: field 'company_intelligence.struct' is required (an object)",
    "{\"company_intelligence\":{\"target_company\":{\"company_name\":\"A\"},\"struct\":{\"x\":\"y\"},\"find_people\":\"yes\"}}|line 1: field 'company_intelligence.find_people' must be true or false but was 'yes'",
    "{\"people_intelligence\":[1]}|line 1: field 'people_intelligence' must be an object but was [1]",
  })
  void aBadEnrichmentLineIsInvalidNamingTheField(String line, String message) {
    assertEquals(message, problem(line));
  }

  @Test
  void anEnrichmentLineTakesNoOtherTopLevelField() {
    assertTrue(problem("{\"people_intelligence\":{\"lead_info\":{\"name\":\"A\"}},\"mode\":\"people\"}")
        .startsWith("line 1: field 'mode' is not known for a people intelligence job"));
  }
}

package io.s64.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.RetryPolicy;
import io.s64.Sixtyfour;
import io.s64.batch.Batch;
import io.s64.sink.RowSink;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import io.s64.emulator.EmulatorStats;
import io.s64.emulator.FaultKind;
import io.s64.error.ApiException;
import io.s64.model.CompanyIntelligenceRequest;
import io.s64.model.JobStatus;
import io.s64.model.PeopleIntelligenceRequest;
import io.s64.model.Row;
import io.s64.poll.PollSchedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** People and company intelligence through the client and the pipeline, against the emulator. */
class EnrichmentAgainstEmulatorTest {

  private static Sixtyfour client(Emulator emulator) {
    return Sixtyfour.builder().apiKey("sk_enrich").baseUrl(emulator.baseUrl())
        .responseTimeout(Duration.ofMillis(500))
        .retry(RetryPolicy.defaults().withMaxAttempts(10).withBackoff(Duration.ofMillis(10), Duration.ofMillis(100)))
        .build();
  }

  @Test
  void fiftyJobsWithFaultsEndOnceEachWithResultsEqualToJobStatusAndNoJobStartedTwice() {
    try (Emulator emulator = Emulator.start(EmulatorConfig.builder().port(0).seed(8)
        .enrichDuration(Duration.ofMillis(200), Duration.ofMillis(800))
        .fault(FaultKind.HTTP_500, 0.06).fault(FaultKind.HTTP_502_HTML, 0.05).fault(FaultKind.HTTP_503, 0.05)
        .fault(FaultKind.CONNECTION_RESET, 0.03).fault(FaultKind.SLOW_RESPONSE, 0.02)
        .slowResponseDelay(Duration.ofSeconds(1)).build())) {
      Sixtyfour api = client(emulator);
      List<Job> jobs = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        jobs.add(i % 5 == 4
            ? Job.company("c" + i, CompanyIntelligenceRequest.of(Map.of("company_name", "Company " + i),
                Map.of("revenue", "annual revenue", "hq", "headquarters city")))
            : Job.people("p" + i, PeopleIntelligenceRequest.of(Map.of("name", "Person " + i, "company", "Acme"))
                .withStruct(Map.of("email", "work email"))));
      }
      RowSink.InMemory sink = RowSink.inMemory();
      List<Outcome> outcomes = Batch.builder(api)
          .enrichmentPoll(PollSchedule.defaults().withCadence(Duration.ofMillis(100))).build()
          .run(Flux.fromIterable(jobs), sink).collectList().block(Duration.ofSeconds(90));
      assertEquals(50, outcomes.size());
      assertEquals(50, outcomes.stream().map(Outcome::jobId).distinct().count());
      int uncertain = 0;
      for (Outcome o : outcomes) {
        if (o.status() == Outcome.Status.FAILED
            && o.failure().reason() == Outcome.Failure.Reason.START_UNCERTAIN) {
          uncertain++;
          continue;
        }
        assertEquals(Outcome.Status.COMPLETED, o.status(), o.toString());
        List<Row> rows = sink.rows(o.jobId());
        assertEquals(1, rows.size());
        JobStatus truth = api.jobStatus(o.taskId()).block(Duration.ofSeconds(10));
        assertEquals(truth.structuredData(), rows.get(0).get("structured_data"), o.jobId());
        assertEquals(truth.chargeAmount(), rows.get(0).get("charge_amount"));
      }
      EmulatorStats stats = emulator.stats();
      long completed = 50 - uncertain;
      assertTrue(stats.enrichmentJobsCreated() >= completed);
      assertTrue(stats.enrichmentJobsCreated() <= completed + uncertain,
          "at most one server job per input: a lost answer is never sent again (" + stats.enrichmentJobsCreated()
              + " created, " + completed + " completed, " + uncertain + " uncertain)");
      assertTrue(stats.faults(FaultKind.HTTP_500) + stats.faults(FaultKind.HTTP_503) > 0, "faults were injected");
      api.close().block(Duration.ofSeconds(5));
    }
  }

  @Test
  void aTierTheOrganizationLacksIsA403ThatIsNotRetried() {
    try (Emulator emulator = Emulator.start(EmulatorConfig.builder().port(0).build())) {
      Sixtyfour api = client(emulator);
      StepVerifier.create(api.startPeopleIntelligence(
              PeopleIntelligenceRequest.of(Map.of("name", "Ada")).withTier("HIGH")))
          .expectErrorSatisfies(e -> {
            ApiException a = (ApiException) e;
            assertEquals(403, a.status());
            assertTrue(a.detail().contains("High tier"), a.detail());
          })
          .verify(Duration.ofSeconds(10));
      assertEquals(1, emulator.stats().requests("POST /people-intelligence-async"));
      api.close().block(Duration.ofSeconds(5));
    }
  }
}

package io.s64.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.RetryPolicy;
import io.s64.Sixtyfour;
import io.s64.batch.Batch;
import io.s64.batch.Job;
import io.s64.batch.Outcome;
import io.s64.batch.RowSink;
import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import io.s64.emulator.FaultKind;
import io.s64.error.ApiException;
import io.s64.model.CompanyIntelligenceRequest;
import io.s64.model.PeopleIntelligenceRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * Issue 11, defect 5, over real HTTP: the emulator starts (and bills) each enrichment job, then
 * answers 500. The client must not send the start again; the pipeline ends the job {@code
 * START_UNCERTAIN}.
 */
class UnkeyedStartAgainstEmulatorTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static Emulator startedThen500() {
    return Emulator.start(EmulatorConfig.builder().port(0).seed(11)
        .fault(FaultKind.HTTP_500_AFTER_PROCESSING, 1.0).build());
  }

  private static Sixtyfour client(Emulator emulator) {
    return Sixtyfour.builder().apiKey("sk_unkeyed").baseUrl(emulator.baseUrl())
        .retry(RetryPolicy.defaults().withMaxAttempts(5).withBackoff(Duration.ofMillis(5), Duration.ofMillis(20)))
        .build();
  }

  @Test
  void anUnkeyedPaidStartAnswered500AfterStartingIsSentOnce() {
    try (Emulator emulator = startedThen500()) {
      Sixtyfour api = client(emulator);
      StepVerifier.create(api.startPeopleIntelligence(PeopleIntelligenceRequest.of(Map.of("name", "Ada"))))
          .expectErrorSatisfies(e -> assertEquals(500, ((ApiException) e).status()))
          .verify(WAIT);
      assertEquals(1, emulator.stats().requests("POST /people-intelligence-async"));
      assertEquals(1, emulator.stats().enrichmentJobsCreated());
      api.close().block(WAIT);
    }
  }

  @Test
  void aBatchEndsEachSuchJobStartUncertainWithOneJobOnTheServerPerInput() {
    try (Emulator emulator = startedThen500()) {
      Sixtyfour api = client(emulator);
      List<Job> jobs = List.of(
          Job.people("p1", PeopleIntelligenceRequest.of(Map.of("name", "Ada", "company", "Acme"))),
          Job.people("p2", PeopleIntelligenceRequest.of(Map.of("name", "Grace", "company", "Acme"))),
          Job.company("c1", CompanyIntelligenceRequest.of(Map.of("company_name", "Acme"),
              Map.of("revenue", "annual revenue"))));
      List<Outcome> outcomes = Batch.builder(api).build().run(Flux.fromIterable(jobs), RowSink.inMemory())
          .collectList().block(WAIT);
      assertEquals(3, outcomes.size());
      for (Outcome o : outcomes) {
        assertEquals(Outcome.Status.FAILED, o.status(), o.toString());
        assertEquals(Outcome.Failure.Reason.START_UNCERTAIN, o.failure().reason(), o.toString());
        assertTrue(o.failure().detail().contains("HTTP 500"), o.failure().detail());
      }
      assertEquals(2, emulator.stats().requests("POST /people-intelligence-async"));
      assertEquals(1, emulator.stats().requests("POST /company-intelligence-async"));
      assertEquals(3, emulator.stats().enrichmentJobsCreated(), "billed once per input, not once per attempt");
      api.close().block(WAIT);
    }
  }
}

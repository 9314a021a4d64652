package io.s64.batch;

import io.s64.job.BatchEvent;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.sink.RowSink;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.RetryPolicy;
import io.s64.Sixtyfour;
import io.s64.job.Outcome.Failure.Reason;
import io.s64.job.Outcome.Status;
import io.s64.model.CompanyIntelligenceRequest;
import io.s64.model.PeopleIntelligenceRequest;
import io.s64.model.Row;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** People and company intelligence jobs in the pipeline, on virtual time. */
class EnrichmentTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private VirtualTimeScheduler clock;
  private FakeApi api;
  private Sixtyfour client;

  @BeforeEach
  void setUp() {
    clock = VirtualTimeScheduler.create();
    clock.advanceTimeTo(T0);
    api = new FakeApi(clock, 5);
    client = Sixtyfour.builder().apiKey("sk_test").transport(api).scheduler(clock).slots(1)
        .retry(RetryPolicy.defaults().withJitter(0)).build();
  }

  private List<Outcome> run(List<Job> jobs, RowSink sink) {
    List<Outcome> out = new ArrayList<>();
    // StepVerifier.create, not withVirtualTime: the latter disposes the clock, and a test may run twice.
    StepVerifier.create(Batch.builder(client).random(() -> 0.0).build().run(Flux.fromIterable(jobs), sink))
        .then(() -> clock.advanceTimeBy(Duration.ofMinutes(10)))
        .recordWith(() -> out)
        .thenConsumeWhile(o -> true)
        .expectComplete()
        .verify(Duration.ofSeconds(10));
    return out;
  }

  private static Job person(String id, String name) {
    return Job.people(id, PeopleIntelligenceRequest.of(Map.of("name", name, "company", "Acme"))
        .withStruct(Map.of("email", "work email")));
  }

  @Test
  void eachJobGivesOneRowAndHoldsNoSearchSlot() {
    RowSink.InMemory sink = RowSink.inMemory();
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      jobs.add(person("p" + i, "Person " + i + " 45s"));
    }
    jobs.add(Job.company("c", CompanyIntelligenceRequest.of(Map.of("company_name", "Acme 45s"),
        Map.of("revenue", "annual revenue"))));
    List<Outcome> outcomes = run(jobs, sink);
    assertEquals(7, outcomes.size());
    assertTrue(outcomes.stream().allMatch(o -> o.status() == Status.COMPLETED && o.rows() == 1), outcomes.toString());
    assertTrue(outcomes.stream().allMatch(o -> o.finishedAt().equals(T0.plusSeconds(50))),
        "all ran at once, though the client has one search slot: " + outcomes);
    Row row = sink.rows("p0").get(0);
    assertEquals(Map.of("email", "job-1@example.com"), row.get("structured_data"));
    assertEquals("lead_enrichment", row.get("task_type"));
    assertEquals("company_enrichment", sink.rows("c").get(0).get("task_type"));
    assertEquals(5.0, row.get("charge_amount"));
  }

  @Test
  void aFailedJobEndsFailedWithTheServersError() {
    List<Outcome> outcomes = run(List.of(person("p", "FAILME 30s")), RowSink.inMemory());
    Outcome o = outcomes.get(0);
    assertEquals(Status.FAILED, o.status());
    assertEquals(Reason.JOB_FAILED, o.failure().reason());
    assertEquals("the job ended failed: research failed (FAILME)", o.failure().detail());
  }

  @Test
  void aStartWhoseAnswerIsLostIsNotSentAgain() {
    List<Outcome> outcomes = run(List.of(person("p", "LOSE 30s")), RowSink.inMemory());
    Outcome o = outcomes.get(0);
    assertEquals(Reason.START_UNCERTAIN, o.failure().reason());
    assertEquals(1, api.jobs.size(), "one job on the server, not two");
    assertEquals(1, api.log.stream().filter(l -> l.contains("-intelligence-async")).count());
  }

  @Test
  void aResumedJobWithATaskAttachesAndOneWithoutIsNotStartedTwice() {
    List<Outcome> first = run(List.of(person("known", "Known 300s")), RowSink.inMemory());
    assertEquals(Status.COMPLETED, first.get(0).status(), first.toString());
    int requests = api.log.size();
    // Where an earlier run left them, as its journal's events replay it.
    Job.Progress admitted = Job.Progress.NONE.apply(
        new BatchEvent.Admitted("known", Job.Kind.PEOPLE_INTELLIGENCE, null));
    Job.Resume attached = new Job.Resume(
        admitted.apply(new BatchEvent.Started("known", "job-1", null)), Set.of());
    Job.Resume unknown = new Job.Resume(admitted, Set.of());
    List<Outcome> again = run(List.of(person("known", "Known 300s").withResume(attached),
        person("unknown", "Unknown 30s").withResume(unknown)), RowSink.inMemory());
    Map<String, Outcome> byId = again.stream().collect(Collectors.toMap(Outcome::jobId, o -> o));
    assertEquals(Status.COMPLETED, byId.get("known").status(), byId.toString());
    assertEquals(Reason.START_UNCERTAIN, byId.get("unknown").failure().reason());
    List<String> sent = api.log.subList(requests, api.log.size());
    assertEquals(1, sent.size(), "one poll of the known job, no start: " + sent);
    assertTrue(sent.get(0).contains("/job-status/job-1"));
  }
}

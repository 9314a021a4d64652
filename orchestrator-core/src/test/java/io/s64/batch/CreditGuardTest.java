package io.s64.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.RetryPolicy;
import io.s64.Sixtyfour;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.model.DeepSearchRequest;
import io.s64.sink.RowSink;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The credit guard on virtual time: when paid work stops, and how often the balance is read. */
class CreditGuardTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  private VirtualTimeScheduler clock;
  private FakeApi api;

  @BeforeEach
  void setUp() {
    clock = VirtualTimeScheduler.create();
    clock.advanceTimeTo(T0);
    api = new FakeApi(clock, 5);
  }

  private Batch.Builder batch(long credits) {
    api.credits = credits;
    Sixtyfour client = Sixtyfour.builder().apiKey("sk_test_key").transport(api).scheduler(clock)
        .retry(RetryPolicy.defaults().withJitter(0)).build();
    return Batch.builder(client).random(() -> 0.0);
  }

  private static Flux<Job> searches(int n) {
    return Flux.fromStream(IntStream.range(0, n)
        .mapToObj(i -> Job.deep("d" + i, DeepSearchRequest.of("search " + i + " 30s rows=5"))));
  }

  private List<Outcome> runAll(Batch batch, Flux<Job> jobs) {
    List<Outcome> outcomes = new ArrayList<>();
    StepVerifier.withVirtualTime(() -> batch.run(jobs, RowSink.inMemory()), () -> clock, Long.MAX_VALUE)
        .thenAwait(Duration.ofMinutes(30))
        .recordWith(() -> outcomes)
        .thenConsumeWhile(o -> true)
        .expectComplete()
        .verify(Duration.ofSeconds(10));
    return outcomes;
  }

  private static List<Outcome> with(List<Outcome> outcomes, Outcome.Status status) {
    return outcomes.stream().filter(o -> o.status() == status).collect(Collectors.toList());
  }

  @Test
  void a402CancelsTheSearchesWaitingForASlotAtOnceNotWhenTheirSlotFrees() {
    List<Outcome> outcomes = runAll(batch(5).build(), searches(20));
    List<Outcome> cancelled = with(outcomes, Outcome.Status.CANCELLED);
    assertEquals(5, with(outcomes, Outcome.Status.COMPLETED).size());
    assertEquals(15, cancelled.size());
    assertEquals(1, api.insufficient, "one start met the 402; no other start was sent");
    Instant stoppedAt = cancelled.stream().map(Outcome::finishedAt).min(Instant::compareTo).get();
    for (Outcome o : cancelled) {
      assertNotNull(o.failure());
      assertEquals(Outcome.Failure.Reason.INSUFFICIENT_CREDITS, o.failure().reason());
      assertEquals(stoppedAt, o.finishedAt(), "every waiting search ended with the 402: " + o);
    }
    assertTrue(stoppedAt.isBefore(T0.plusSeconds(60)),
        "the 402 came with the first slot that freed (about 30 s), not after the next searches");
    assertEquals(0, api.balanceReads, "without a limit the balance is never read");
  }

  @Test
  void a402ElsewhereEndsTheSearchesWaitingForASlotAtOnce() {
    // One slot, held for 5 minutes by the search the last credit paid for; a people job's start
    // then meets the 402: the search waiting for the slot ends at that moment, not in 5 minutes.
    api = new FakeApi(clock, 1);
    api.credits = 1;
    Sixtyfour client = Sixtyfour.builder().apiKey("sk_test_key").transport(api).scheduler(clock)
        .slots(1).retry(RetryPolicy.defaults().withJitter(0)).build();
    Batch batch = Batch.builder(client).random(() -> 0.0).concurrency(3).build();
    Flux<Job> jobs = Flux.just(
        Job.deep("long", DeepSearchRequest.of("long search 300s rows=5")),
        Job.deep("waiting", DeepSearchRequest.of("waiting search 30s rows=5")),
        Job.people("person", io.s64.model.PeopleIntelligenceRequest.of(
            java.util.Map.of("name", "Ada", "company", "Acme"))));
    List<Outcome> outcomes = runAll(batch, jobs.delayElements(Duration.ofSeconds(1), clock));
    Outcome waiting = outcomes.stream().filter(o -> o.jobId().equals("waiting")).findFirst().get();
    Outcome person = outcomes.stream().filter(o -> o.jobId().equals("person")).findFirst().get();
    assertEquals(Outcome.Status.COMPLETED,
        outcomes.stream().filter(o -> o.jobId().equals("long")).findFirst().get().status());
    assertEquals(Outcome.Status.CANCELLED, person.status());
    assertEquals(Outcome.Status.CANCELLED, waiting.status());
    assertEquals(Outcome.Failure.Reason.INSUFFICIENT_CREDITS, waiting.failure().reason());
    assertEquals(person.finishedAt(), waiting.finishedAt(), "the waiting search ended with the 402");
    assertEquals(1, api.searches().size());
  }

  @Test
  void aLimitIsEnforcedWithAFewBalanceReads() {
    List<Outcome> outcomes = runAll(batch(1000).maxCredits(new BigDecimal("12"))
        .creditCheckEvery(Duration.ofMinutes(10)).build(), searches(40));
    int created = api.searches().size();
    List<Outcome> cancelled = with(outcomes, Outcome.Status.CANCELLED);
    assertTrue(created >= 12 && created <= 12 + 5,
        "stopped at the limit, past it by at most the five starts in flight: " + created);
    assertEquals(created, with(outcomes, Outcome.Status.COMPLETED).size());
    assertEquals(40 - created, cancelled.size());
    cancelled.forEach(o -> assertEquals(Outcome.Failure.Reason.CREDIT_LIMIT, o.failure().reason()));
    assertTrue(api.balanceReads <= 10, "a handful of balance reads: " + api.balanceReads);
    assertEquals(0, api.insufficient);
  }

  @Test
  void theBalanceIsReadAgainWhenTheIntervalHasPassed() {
    // One slot: a start every 30 s. Limit far away, so only the interval and doubling read it.
    api = new FakeApi(clock, 1);
    api.credits = 1000;
    Sixtyfour client = Sixtyfour.builder().apiKey("sk_test_key").transport(api).scheduler(clock)
        .slots(1).retry(RetryPolicy.defaults().withJitter(0)).build();
    Batch batch = Batch.builder(client).random(() -> 0.0).maxCredits(new BigDecimal("500"))
        .creditCheckEvery(Duration.ofSeconds(90)).build();
    List<Outcome> outcomes = runAll(batch, searches(12));
    assertEquals(12, with(outcomes, Outcome.Status.COMPLETED).size());
    // Reads at starts 1, 2, 3, 5, 9 (doubling), plus one whenever 90 s passed since the last.
    assertTrue(api.balanceReads >= 6 && api.balanceReads <= 9, "reads: " + api.balanceReads);
  }
}

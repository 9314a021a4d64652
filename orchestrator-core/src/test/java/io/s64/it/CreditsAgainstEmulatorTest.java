package io.s64.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.Sixtyfour;
import io.s64.batch.Batch;
import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import io.s64.emulator.EmulatorStats;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.model.DeepSearchRequest;
import io.s64.model.DeepSearchRequest.Mode;
import io.s64.model.QueryRequest;
import io.s64.poll.PollSchedule;
import io.s64.sink.RowSink;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * The credit guard over HTTP: a 402 stops new paid work for the whole batch, and a run's credit
 * limit does the same by the balance's fall; jobs in flight finish with all their rows.
 */
class CreditsAgainstEmulatorTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private Emulator emulator;
  private Sixtyfour api;

  private Batch.Builder start(UnaryOperator<EmulatorConfig.Builder> settings, int slots) {
    emulator = Emulator.start(settings.apply(EmulatorConfig.builder().port(0).seed(23).slots(slots)
        .searchDuration(Duration.ofMillis(300), Duration.ofMillis(700))
        .rateLimit(200).rateWindow(Duration.ofSeconds(1))).build());
    api = Sixtyfour.builder().apiKey("sk_credits_test").baseUrl(emulator.baseUrl())
        .rateLimit(200, Duration.ofSeconds(1)).slots(slots).build();
    return Batch.builder(api).poll(PollSchedule.defaults().withCadence(Duration.ofMillis(100)));
  }

  @AfterEach
  void stop() {
    api.close().block(Duration.ofSeconds(5));
    emulator.close();
  }

  private static List<Job> jobs(int deep, int filter) {
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < deep; i++) {
      jobs.add(Job.deep("deep-" + i, DeepSearchRequest.of("buyers of robots, " + i).withMaxResults(30)));
    }
    for (int i = 0; i < filter; i++) {
      jobs.add(Job.query("filter-" + i, QueryRequest.simpleFilters(
          Map.of("employees_count", Map.of("$gte", 7 * i))).withMode(Mode.COMPANY).withMaxResults(25)));
    }
    return jobs;
  }

  @Test
  void a402StopsNewPaidWorkForTheWholeBatchAndJobsInFlightKeepTheirRows() {
    Batch batch = start(e -> e.credits(new BigDecimal("5")).priceDeepSearch(BigDecimal.ONE), 5).build();
    RowSink.InMemory sink = RowSink.inMemory();
    List<Outcome> outcomes = batch.run(Flux.fromIterable(jobs(12, 3)), sink).collectList().block(WAIT);
    EmulatorStats stats = emulator.stats();

    assertEquals(15, outcomes.size());
    List<Outcome> completedDeep = of(outcomes, Job.Kind.DEEP, Outcome.Status.COMPLETED);
    List<Outcome> cancelledDeep = of(outcomes, Job.Kind.DEEP, Outcome.Status.CANCELLED);
    assertEquals(5, completedDeep.size(), "the five searches the balance covered");
    assertEquals(7, cancelledDeep.size());
    for (Outcome o : cancelledDeep) {
      assertNotNull(o.failure(), o.toString());
      assertEquals(Outcome.Failure.Reason.INSUFFICIENT_CREDITS, o.failure().reason());
      assertEquals(0, o.rows());
    }
    assertEquals(3, of(outcomes, Job.Kind.FILTER, Outcome.Status.COMPLETED).size(),
        "filter queries are not paid starts: they go on");
    assertEquals(5, stats.searchesCreated());
    assertTrue(stats.responses(402) >= 1 && stats.responses(402) <= 5,
        "one start met the 402, a few more at most raced it: " + stats.responses(402));
    assertEquals(0, BigDecimal.ZERO.compareTo(emulator.credits()));
    assertRowsAreAllThere(completedDeep, sink, stats);
  }

  @Test
  void aCreditLimitStopsAdmittingPaidWorkOnceTheBalanceFellByIt() {
    Batch batch = start(e -> e.credits(new BigDecimal("1000")).priceDeepSearch(new BigDecimal("2")), 2)
        .maxCredits(new BigDecimal("6"))
        .build();
    RowSink.InMemory sink = RowSink.inMemory();
    List<Outcome> outcomes = batch.run(Flux.fromIterable(jobs(12, 2)), sink).collectList().block(WAIT);
    EmulatorStats stats = emulator.stats();

    assertEquals(14, outcomes.size());
    List<Outcome> completedDeep = of(outcomes, Job.Kind.DEEP, Outcome.Status.COMPLETED);
    List<Outcome> cancelledDeep = of(outcomes, Job.Kind.DEEP, Outcome.Status.CANCELLED);
    BigDecimal spent = new BigDecimal("1000").subtract(emulator.credits());
    assertEquals(0, spent.compareTo(emulator.creditsCharged()));
    assertTrue(spent.compareTo(new BigDecimal("6")) >= 0, "it spent up to its limit: " + spent);
    assertTrue(spent.compareTo(new BigDecimal("10")) <= 0,
        "past the limit by at most the two starts in flight: " + spent);
    assertEquals(completedDeep.size(), stats.searchesCreated());
    assertEquals(12, completedDeep.size() + cancelledDeep.size());
    assertTrue(cancelledDeep.size() >= 7, cancelledDeep.size() + " cancelled");
    for (Outcome o : cancelledDeep) {
      assertNotNull(o.failure(), o.toString());
      assertEquals(Outcome.Failure.Reason.CREDIT_LIMIT, o.failure().reason());
      assertNull(o.taskId(), "nothing was started for it");
    }
    assertEquals(2, of(outcomes, Job.Kind.FILTER, Outcome.Status.COMPLETED).size());
    assertEquals(0, stats.responses(402));
    long balanceReads = stats.requests("GET /check-balance");
    System.out.println("spent " + spent + " of a limit of 6 in " + completedDeep.size()
        + " searches, " + cancelledDeep.size() + " cancelled, " + balanceReads + " balance reads");
    assertTrue(balanceReads >= 2 && balanceReads <= 8, "a handful of balance reads: " + balanceReads);
    assertRowsAreAllThere(completedDeep, sink, stats);
  }

  private static List<Outcome> of(List<Outcome> outcomes, Job.Kind kind, Outcome.Status status) {
    return outcomes.stream().filter(o -> o.kind() == kind && o.status() == status)
        .collect(Collectors.toList());
  }

  /** Each completed search delivered every row the emulator has for it. */
  private static void assertRowsAreAllThere(List<Outcome> completed, RowSink.InMemory sink,
      EmulatorStats stats) {
    for (Outcome o : completed) {
      long expected = stats.rowsTotal().get(o.searchId());
      assertEquals(expected, o.rows(), o.jobId());
      assertEquals(expected, sink.rows(o.jobId()).size(), o.jobId());
    }
  }
}

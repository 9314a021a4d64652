package io.s64.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.RetryPolicy;
import io.s64.Sixtyfour;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.job.Outcome.Status;
import io.s64.limits.RequestBudget;
import io.s64.model.DeepSearchRequest;
import io.s64.model.QueryRequest;
import io.s64.sink.RowSink;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Dedup is exact for the whole run: a request that completed is never searched for again, however
 * many jobs come between, and the bound on remembered originals only decides whether a duplicate
 * can name its original. Virtual time against {@link FakeApi}.
 */
class ExactDedupTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  private VirtualTimeScheduler clock;
  private FakeApi api;
  private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
  private final AtomicBoolean over = new AtomicBoolean();
  private final Sinks.Many<Job> queue = Sinks.many().unicast().onBackpressureBuffer();

  @BeforeEach
  void setUp() {
    clock = VirtualTimeScheduler.create();
    clock.advanceTimeTo(T0);
    api = new FakeApi(clock, 5);
  }

  /** Starts a run of the queue's jobs on a client without a request budget. */
  private void start(Function<Batch.Builder, Batch.Builder> settings) {
    Sixtyfour client = Sixtyfour.builder().apiKey("sk_test_key").transport(api).scheduler(clock)
        .budget(RequestBudget.unlimited()).retry(RetryPolicy.defaults().withJitter(0)).build();
    settings.apply(Batch.builder(client).random(() -> 0.0)).build()
        .run(queue.asFlux(), RowSink.discarding())
        .subscribe(outcomes::add, e -> { }, () -> over.set(true));
  }

  private void submit(Job job, Duration thenWait) {
    assertEquals(Sinks.EmitResult.OK, queue.tryEmitNext(job));
    clock.advanceTimeBy(thenWait);
  }

  private static Job deep(String id, String query) {
    return Job.deep(id, DeepSearchRequest.of(query));
  }

  private Map<String, Outcome> byId() {
    return outcomes.stream().collect(Collectors.toMap(Outcome::jobId, o -> o));
  }

  @Test
  void twoIdenticalJobsFiftyThousandJobsApartStartOneSearch() {
    start(b -> b);
    submit(deep("first", "CTO in Berlin 30s"), Duration.ofSeconds(60));
    assertEquals(Status.COMPLETED, byId().get("first").status());
    // 50,000 distinct requests complete in between (each reads the first search again, capped
    // differently): ten times the originals the run can name.
    String searchId = api.searches().get(0).searchId;
    for (int i = 1; i <= 50_000; i++) {
      queue.tryEmitNext(Job.query("between-" + i, QueryRequest.searchId(searchId).withMaxResults(i)));
    }
    clock.advanceTimeBy(Duration.ofSeconds(10));
    assertEquals(50_001, outcomes.stream().filter(o -> o.status() == Status.COMPLETED).count(),
        "every job in between completed before the last one came");
    submit(deep("last", "  cto in BERLIN 30s "), Duration.ofSeconds(60));
    queue.tryEmitComplete();
    clock.advanceTimeBy(Duration.ofSeconds(1));

    assertTrue(over.get(), "the run ended");
    Outcome last = byId().get("last");
    assertEquals(Status.DUPLICATE, last.status(), "50,000 jobs later, still a duplicate: " + last);
    assertEquals(0, last.requests(), "it sent nothing: " + last);
    assertEquals(1, api.searches().size(), "one search for the two: " + api.searches().size());
    assertEquals(1, api.starts);
    assertEquals(50_002, outcomes.size());
  }

  @Test
  void aDuplicateOfAnOriginalNoLongerNamedIsStillADuplicateAndSaysSo() {
    start(b -> b.dedupCapacity(1));
    submit(deep("a", "CTO in Berlin 30s"), Duration.ofSeconds(60));
    submit(deep("b", "CFO in Paris 30s"), Duration.ofSeconds(60));
    submit(deep("a-again", "cto in berlin 30s"), Duration.ZERO);
    submit(deep("b-again", "cfo in paris 30s"), Duration.ZERO);
    queue.tryEmitComplete();
    clock.advanceTimeBy(Duration.ofSeconds(60));

    assertEquals(2, api.searches().size(), "one search each for a and b, none for their repeats");
    assertTrue(over.get(), "the run ended");
    Outcome aAgain = byId().get("a-again");
    Outcome bAgain = byId().get("b-again");
    assertEquals(Status.DUPLICATE, aAgain.status(), aAgain.toString());
    assertEquals(Status.DUPLICATE, bAgain.status(), bAgain.toString());
    // One original's id is kept, the other's is not: which one is the cache's choice.
    Outcome named = aAgain.duplicateOf() != null ? aAgain : bAgain;
    Outcome unnamed = named == aAgain ? bAgain : aAgain;
    assertEquals(named == aAgain ? "a" : "b", named.duplicateOf());
    assertEquals("same request as job " + named.duplicateOf(), named.message());
    assertNull(unnamed.duplicateOf(), "only one original can be named: " + unnamed);
    assertEquals("same request as an earlier job of this run (too far back to name)", unnamed.message());
  }
}

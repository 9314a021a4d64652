package io.s64.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.error.ConfigurationException;
import io.s64.poll.PollSchedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class PollBeliefTest {
  private static final PollSchedule.Learned DOCS = PollSchedule.Learned.defaults();
  private static final String FINALIZING = PollBelief.hintKey(3, 3, "Finalizing results");

  /**
   * Polls a search that ends {@code endsAt} after its start on virtual time, as the batch does,
   * and returns the ages of its polls (the last one sees it ended).
   */
  private static List<Duration> pollAges(PollSchedule.Learned schedule, PollBelief learned,
      Duration endsAt, @Nullable Duration finalizingFrom) {
    List<Duration> ages = new ArrayList<>();
    AtomicInteger polls = new AtomicInteger();
    Duration[] hintSince = {Duration.ZERO};
    String[] hint = {null};
    StepVerifier.withVirtualTime(() -> Mono.defer(() -> {
              long now = Schedulers.parallel().now(java.util.concurrent.TimeUnit.NANOSECONDS);
              Duration wait = learned.next(schedule, Duration.ofNanos(now), polls.get(), hint[0],
                  hintSince[0]);
              return Mono.delay(wait).map(tick -> {
                Duration age = Duration.ofNanos(
                    Schedulers.parallel().now(java.util.concurrent.TimeUnit.NANOSECONDS));
                ages.add(age);
                polls.incrementAndGet();
                if (finalizingFrom != null && age.compareTo(finalizingFrom) >= 0 && hint[0] == null) {
                  hint[0] = FINALIZING;
                  hintSince[0] = age;
                }
                return age.compareTo(endsAt) >= 0;
              });
            })
            .repeat()
            .takeUntil(ended -> ended)
            .then())
        .thenAwait(Duration.ofHours(1))
        .verifyComplete();
    return ages;
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  @Test
  void onThePriorPollsStartWhereTheDocsSaySearchesEndAndKeepTheFloorAndTheBudget() {
    List<Duration> ages = pollAges(DOCS, PollBelief.prior(DOCS), Duration.ofSeconds(170), null);
    assertTrue(seconds(ages.get(0)) >= 30, "first poll at " + ages.get(0));
    for (int n = 1; n <= ages.size(); n++) {
      double at = seconds(ages.get(n - 1));
      // The n-th poll: no earlier than the docs' cadence would have made n - 3 polls (the three
      // it makes before any search of 30–120 s can have ended are moved, not added).
      assertTrue(at >= (n - 3) * 10.0 - 1e-6, "poll " + n + " at " + at);
      if (n > 1) {
        assertTrue(at - seconds(ages.get(n - 2)) >= 2.0 - 1e-6, "polls " + ages);
      }
    }
    assertTrue(seconds(ages.get(ages.size() - 1)) >= 170);
  }

  @Test
  void onTheDocsRangeItSpendsNoMorePollsThanTheDocsCadenceAndSeesEndsSooner() {
    double polls = 0;
    double docsPolls = 0;
    double delay = 0;
    double docsDelay = 0;
    int n = 0;
    for (double d = 30.25; d < 120; d += 0.5, n++) {
      List<Duration> ages = pollAges(DOCS, PollBelief.prior(DOCS), Duration.ofNanos((long) (d * 1e9)), null);
      polls += ages.size();
      delay += seconds(ages.get(ages.size() - 1)) - d;
      docsPolls += Math.ceil(d / 10);
      docsDelay += Math.ceil(d / 10) * 10 - d;
    }
    assertTrue(polls <= docsPolls, polls / n + " polls a search, the docs' cadence " + docsPolls / n);
    assertTrue(delay <= 0.75 * docsDelay,
        "mean delay " + delay / n + " s, the docs' cadence " + docsDelay / n + " s");
  }

  @Test
  void afterLearningThatSearchesEndNearAMinuteItPollsThereAndSpendsLess() {
    PollBelief learned = PollBelief.prior(DOCS);
    for (int i = 0; i < 40; i++) {
      learned = learned.withCompletion(Duration.ofMillis(59_000 + 50 * i), 7);
    }
    List<Duration> ages = pollAges(DOCS, learned, Duration.ofMillis(60_500), null);
    double delay = seconds(ages.get(ages.size() - 1)) - 60.5;
    assertTrue(delay <= 2.5, "seen " + delay + " s late: " + ages);
    assertTrue(ages.size() <= 6, "polls " + ages);
    List<Duration> onPrior = pollAges(DOCS, PollBelief.prior(DOCS), Duration.ofMillis(60_500), null);
    assertTrue(seconds(onPrior.get(onPrior.size() - 1)) - 60.5 > delay, "the prior: " + onPrior);
  }

  @Test
  void aNewBeliefPlacesPollsByThePreviousPlanUntilItsOwnIsPrepared() {
    PollBelief prior = PollBelief.prior(DOCS);
    Duration onPrior = prior.next(DOCS, Duration.ZERO, 0, null, Duration.ZERO);
    assertTrue(prior.prepared());
    PollBelief learned = prior;
    PollBelief fresh = PollBelief.prior(DOCS);
    for (int i = 0; i < 40; i++) {
      learned = learned.withCompletion(Duration.ofMillis(59_000 + 50 * i), 7);
      fresh = fresh.withCompletion(Duration.ofMillis(59_000 + 50 * i), 7);
    }
    assertFalse(learned.prepared());
    assertEquals(onPrior, learned.next(DOCS, Duration.ZERO, 0, null, Duration.ZERO));
    assertFalse(learned.prepared(), "next() computed the plan on the poll path");
    learned.prepare();
    assertTrue(learned.prepared());
    Duration onLearned = learned.next(DOCS, Duration.ZERO, 0, null, Duration.ZERO);
    assertNotEquals(onPrior, onLearned);
    assertEquals(fresh.next(DOCS, Duration.ZERO, 0, null, Duration.ZERO), onLearned);
  }

  @Test
  void aHintThatPastSearchesShowedShortlyBeforeTheirEndBringsThePollForward() {
    PollBelief learned = PollBelief.prior(DOCS);
    for (int i = 0; i < 5; i++) {
      learned = learned.withCompletion(Duration.ofSeconds(80 + 5 * i), 8)
          .withHint(FINALIZING, Duration.ofSeconds(4));
    }
    assertNotNull(learned.timeLeftAfter(FINALIZING));
    Duration withHint = learned.next(DOCS, Duration.ofSeconds(40), 2, FINALIZING,
        Duration.ofSeconds(40));
    Duration without = learned.next(DOCS, Duration.ofSeconds(40), 2, null, Duration.ZERO);
    assertEquals(Duration.ofSeconds(4), withHint);
    assertTrue(without.compareTo(withHint) > 0, without.toString());
    assertEquals(without, learned.next(DOCS.withHints(false), Duration.ofSeconds(40), 2,
        FINALIZING, Duration.ofSeconds(40)));
  }

  @Test
  void aHintShownAllAlongTellsNothingAndChangesNothing() {
    String searching = PollBelief.hintKey(null, 0, "Searching");
    PollBelief learned = PollBelief.prior(DOCS);
    for (int i = 0; i < 30; i++) {
      Duration took = Duration.ofSeconds(30 + 3 * i);
      learned = learned.withCompletion(took, 8).withHint(searching, took.minusSeconds(1));
    }
    assertEquals(null, learned.timeLeftAfter(searching));
    assertEquals(learned.next(DOCS, Duration.ofSeconds(50), 3, null, Duration.ZERO),
        learned.next(DOCS, Duration.ofSeconds(50), 3, searching, Duration.ofSeconds(1)));
  }

  @Test
  void unspentPollsOfEarlierSearchesBuyAtMostHalfAPollASearch() {
    PollBelief learned = PollBelief.prior(DOCS);
    for (int i = 0; i < 40; i++) {
      learned = learned.withCompletion(Duration.ofSeconds(30 + 2 * i), 1);
    }
    PollPlan plan = learned.plan();
    assertTrue(plan.expectedPolls() <= plan.budget(), plan.expectedPolls() + " > " + plan.budget());
    assertEquals(0.5, learned.unspent(), 1e-9);
  }

  @Test
  void theProgressKeyIgnoresNumbersInTheMessageAndIsNullWithoutAnyHint() {
    assertEquals(PollBelief.hintKey(2, 1, "Searching (iteration 2 of 3)"),
        PollBelief.hintKey(2, 1, "searching (iteration 3 of 3)"));
    assertEquals(null, PollBelief.hintKey(null, 0, " "));
  }

  @Test
  void rejectsAFloorAboveTheCadenceAndAnEmptyPrior() {
    assertThrows(ConfigurationException.class, () -> DOCS.withFloor(Duration.ofSeconds(11)));
    assertThrows(ConfigurationException.class,
        () -> DOCS.withPrior(Duration.ofSeconds(60), Duration.ofSeconds(30)));
  }
}

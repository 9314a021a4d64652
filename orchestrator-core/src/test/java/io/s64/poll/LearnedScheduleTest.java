package io.s64.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.error.ConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class LearnedScheduleTest {
  private static final LearnedSchedule DOCS = LearnedSchedule.defaults();
  private static final String FINALIZING = LearnedSchedule.hintKey(3, 3, "Finalizing results");

  /**
   * Polls a search that ends {@code endsAt} after its start on virtual time, as the batch does,
   * and returns the ages of its polls (the last one sees it ended).
   */
  private static List<Duration> pollAges(LearnedSchedule schedule, LearnedSchedule.Learned learned,
      Duration endsAt, @Nullable Duration finalizingFrom) {
    List<Duration> ages = new ArrayList<>();
    AtomicInteger polls = new AtomicInteger();
    Duration[] hintSince = {Duration.ZERO};
    String[] hint = {null};
    StepVerifier.withVirtualTime(() -> Mono.defer(() -> {
              long now = Schedulers.parallel().now(java.util.concurrent.TimeUnit.NANOSECONDS);
              Duration wait = schedule.next(learned, Duration.ofNanos(now), polls.get(), hint[0],
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
    List<Duration> ages = pollAges(DOCS, DOCS.prior(), Duration.ofSeconds(170), null);
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
      List<Duration> ages = pollAges(DOCS, DOCS.prior(), Duration.ofNanos((long) (d * 1e9)), null);
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
    LearnedSchedule.Learned learned = DOCS.prior();
    for (int i = 0; i < 40; i++) {
      learned = learned.withCompletion(Duration.ofMillis(59_000 + 50 * i), 7);
    }
    List<Duration> ages = pollAges(DOCS, learned, Duration.ofMillis(60_500), null);
    double delay = seconds(ages.get(ages.size() - 1)) - 60.5;
    assertTrue(delay <= 2.5, "seen " + delay + " s late: " + ages);
    assertTrue(ages.size() <= 6, "polls " + ages);
    List<Duration> onPrior = pollAges(DOCS, DOCS.prior(), Duration.ofMillis(60_500), null);
    assertTrue(seconds(onPrior.get(onPrior.size() - 1)) - 60.5 > delay, "the prior: " + onPrior);
  }

  @Test
  void aHintThatPastSearchesShowedShortlyBeforeTheirEndBringsThePollForward() {
    LearnedSchedule.Learned learned = DOCS.prior();
    for (int i = 0; i < 5; i++) {
      learned = learned.withCompletion(Duration.ofSeconds(80 + 5 * i), 8)
          .withHint(FINALIZING, Duration.ofSeconds(4));
    }
    assertNotNull(learned.timeLeftAfter(FINALIZING));
    Duration withHint = DOCS.next(learned, Duration.ofSeconds(40), 2, FINALIZING,
        Duration.ofSeconds(40));
    Duration without = DOCS.next(learned, Duration.ofSeconds(40), 2, null, Duration.ZERO);
    assertEquals(Duration.ofSeconds(4), withHint);
    assertTrue(without.compareTo(withHint) > 0, without.toString());
    assertEquals(without, DOCS.withHints(false).next(learned, Duration.ofSeconds(40), 2,
        FINALIZING, Duration.ofSeconds(40)));
  }

  @Test
  void aHintShownAllAlongTellsNothingAndChangesNothing() {
    String searching = LearnedSchedule.hintKey(null, 0, "Searching");
    LearnedSchedule.Learned learned = DOCS.prior();
    for (int i = 0; i < 30; i++) {
      Duration took = Duration.ofSeconds(30 + 3 * i);
      learned = learned.withCompletion(took, 8).withHint(searching, took.minusSeconds(1));
    }
    assertEquals(null, learned.timeLeftAfter(searching));
    assertEquals(DOCS.next(learned, Duration.ofSeconds(50), 3, null, Duration.ZERO),
        DOCS.next(learned, Duration.ofSeconds(50), 3, searching, Duration.ofSeconds(1)));
  }

  @Test
  void unspentPollsOfEarlierSearchesBuyAtMostHalfAPollASearch() {
    LearnedSchedule.Learned learned = DOCS.prior();
    for (int i = 0; i < 40; i++) {
      learned = learned.withCompletion(Duration.ofSeconds(30 + 2 * i), 1);
    }
    PollPlan plan = learned.plan();
    assertTrue(plan.expectedPolls() <= plan.budget(), plan.expectedPolls() + " > " + plan.budget());
    assertEquals(0.5, learned.unspent(), 1e-9);
  }

  @Test
  void theProgressKeyIgnoresNumbersInTheMessageAndIsNullWithoutAnyHint() {
    assertEquals(LearnedSchedule.hintKey(2, 1, "Searching (iteration 2 of 3)"),
        LearnedSchedule.hintKey(2, 1, "searching (iteration 3 of 3)"));
    assertEquals(null, LearnedSchedule.hintKey(null, 0, " "));
  }

  @Test
  void rejectsAFloorAboveTheCadenceAndAnEmptyPrior() {
    assertThrows(ConfigurationException.class, () -> DOCS.withFloor(Duration.ofSeconds(11)));
    assertThrows(ConfigurationException.class,
        () -> DOCS.withPrior(Duration.ofSeconds(60), Duration.ofSeconds(30)));
  }
}

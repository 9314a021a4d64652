package io.s64.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** P1 at tiny size: the scenario runs end to end on both clients; no timing is asserted. */
@Timeout(60)
class SlotEfficiencySmokeTest {
  private static final SlotEfficiency.Settings TINY = SlotEfficiency.Settings.docsScaled()
      .tiny(10, Duration.ofMillis(100), Duration.ofMillis(250));

  @Test
  void s64EndsEveryDeepSearchOnceWithAllItsRowsAndNo429() {
    SlotEfficiency.Measurement m = SlotEfficiency.s64(TINY, Scaled.loweredFloor());
    assertEquals(10, m.jobs());
    assertTrue(m.everyJobOnce(), "completed " + m.completed() + ", rows " + m.rows() + " of "
        + m.rowsOnServer());
    assertEquals(0, m.tooManyRequests(), "429s");
    assertEquals(10, m.slotUse().durations().size(), "one server search per job");
    assertTrue(m.stats().peakConcurrentSearches() <= 5, "slots respected");
  }

  @Test
  void theDocsLiteralBaselineEndsEveryDeepSearchOnceWithAllItsRows() {
    SlotEfficiency.Measurement m = SlotEfficiency.docsLiteral(TINY, Scaled.LOWERED_FLOOR);
    assertTrue(m.everyJobOnce(), "completed " + m.completed() + ", rows " + m.rows() + " of "
        + m.rowsOnServer());
    assertEquals(10, m.slotUse().durations().size(), "one server search per job");
  }

  @Test
  void bothRunsGetTheSameSearchDurationsFromTheSeed() {
    SlotEfficiency.Measurement a = SlotEfficiency.s64(TINY, Scaled.loweredFloor());
    SlotEfficiency.Measurement b = SlotEfficiency.docsLiteral(TINY, Scaled.LOWERED_FLOOR);
    assertEquals(a.slotUse().busy(), b.slotUse().busy(), "same multiset of durations");
  }

  @Test
  void theServerCountsEveryStatusPollAndSeesEverySearchEnd() {
    SlotEfficiency.Measurement m = SlotEfficiency.s64(TINY, Scaled.learned());
    assertTrue(m.everyJobOnce());
    assertEquals(0, m.tooManyRequests(), "429s");
    assertTrue(m.pollsPerSearch() >= 1, "polls " + m.pollsPerSearch());
    assertEquals(m.stats().requests("GET /search/status/{task_id}"),
        Math.round(m.pollsPerSearch() * 10), "the per-search counts add up to the endpoint's");
    assertTrue(m.meanDelay().compareTo(Duration.ofSeconds(1)) < 0, "delay " + m.meanDelay());
  }
}

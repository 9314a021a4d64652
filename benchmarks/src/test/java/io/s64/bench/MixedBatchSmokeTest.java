package io.s64.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** P2 at tiny size (3 deep + 20 filter jobs): both clients complete every job; s64 sends no 429. */
@Timeout(60)
class MixedBatchSmokeTest {
  private static final MixedBatch.Settings TINY = MixedBatch.Settings.docsScaled().tiny(3, 20);

  @Test
  void s64EndsEveryJobOnceWithoutA429() {
    MixedBatch.Measurement m = MixedBatch.s64(TINY);
    assertTrue(m.everyJobOnce(), "completed " + m.completed() + ", rows " + m.rows() + " of "
        + m.rowsOnServer());
    assertEquals(0, m.stats().rateLimited(), "rate 429s");
    assertEquals(0, m.stats().slotsBusy(), "slot 429s");
    assertEquals(3, m.slotUse().durations().size(), "one server search per deep job");
    assertTrue(m.stats().requests("POST /search/query") >= 20 * 3, "three pages per filter job");
  }

  @Test
  void theDocsLiteralBaselineEndsEveryJobOnce() {
    MixedBatch.Measurement m = MixedBatch.docsLiteral(TINY);
    assertTrue(m.everyJobOnce(), "completed " + m.completed() + ", rows " + m.rows() + " of "
        + m.rowsOnServer());
  }

  @Test
  void deepJobsAreSpreadEvenlyThroughTheBatch() {
    MixedBatch.Settings s = MixedBatch.Settings.docsScaled();
    int deep = 0;
    int firstHalf = 0;
    for (int i = 0; i < s.jobs(); i++) {
      if (s.isDeep(i)) {
        deep++;
        firstHalf += i < s.jobs() / 2 ? 1 : 0;
      }
    }
    assertEquals(30, deep);
    assertEquals(15, firstHalf);
  }
}

package io.s64.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** P5 at tiny size: the forked probe completes every job under -Xmx64m and reports each checkpoint. */
@Timeout(60)
class MemoryFootprintSmokeTest {

  @Test
  void theForkedProbeCompletesEveryJobAndReportsHeapAtEachCheckpoint() throws Exception {
    MemoryFootprint.Report r = MemoryFootprint.run("64m", 100_000, 100, 200, 300);
    assertEquals(0, r.exitCode(), r.output());
    assertEquals(List.of(100L, 200L, 300L), List.copyOf(r.heapAfterGc().keySet()), r.output());
    assertTrue(r.heapAfterGc().values().stream().allMatch(h -> h > 0), r.output());
    assertEquals(300 + MemoryFootprint.TAIL, r.jobs(), "the run goes on past the last checkpoint");
    assertEquals(300 + MemoryFootprint.TAIL, r.completed());
    assertTrue(!r.gc().isEmpty(), "collector names reported");
  }
}

package io.s64.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Invariant 8 in CI: memory stays flat as jobs grow, but for exact dedup's own cost. A forked JVM
 * with a 48 MB heap ({@link MemoryProbe}) streams 301,000 distinct deep-search jobs through the
 * pipeline into a discarding sink; the heap in use after a full GC, taken mid-run with the jobs in
 * progress alive, may grow from 20,000 jobs to 300,000 by at most 24 bytes a job (exact dedup
 * keeps about 16 for each distinct completed request; nothing else may keep anything). Heap
 * figures only: no timing is asserted.
 */
@Timeout(180)
class MemoryStaysFlatTest {
  private static final long FROM = 20_000;
  /** The last checkpoint; the run goes on {@link MemoryFootprint#TAIL} jobs past it. */
  private static final long JOBS = 300_000;
  private static final double MOST_BYTES_PER_JOB = 24;
  /** The batch's default: originals a duplicate can name (a bounded cache, full by 20k jobs). */
  private static final long NAMED_ORIGINALS = 10_000;

  @Test
  void heapAfterGcGrowsByNoMoreThanExactDedupsCostFrom20kTo300kJobs() throws Exception {
    MemoryFootprint.Report r = MemoryFootprint.run(Duration.ofMinutes(2), "48m", NAMED_ORIGINALS,
        FROM, 100_000, 200_000, JOBS);
    assertEquals(0, r.exitCode(), "every job completed under -Xmx48m: " + r.output());
    assertEquals(JOBS + MemoryFootprint.TAIL, r.jobs(), r.output());
    assertEquals(r.jobs(), r.completed(), r.output());
    double perJob = r.bytesPerJob(FROM, JOBS);
    System.out.printf("heap after GC %s; %.1f bytes a job from %,d to %,d jobs%n",
        r.heapAfterGc(), perJob, FROM, JOBS);
    assertTrue(perJob <= MOST_BYTES_PER_JOB, String.format(
        "heap after GC grew by %.1f bytes a job from %,d to %,d jobs (at most %.0f): %s",
        perJob, FROM, JOBS, MOST_BYTES_PER_JOB, r.heapAfterGc()));
  }
}

package io.s64.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** P4's benchmark methods invoked once directly on a few hundred jobs. */
@Timeout(60)
class PipelineSmokeTest {
  private final PipelineBenchmark benchmark = new PipelineBenchmark();

  @Test
  void thePipelineEndsEveryJobOnceAfterOneStartOnePollAndTwoPages() {
    PipelineBenchmark.Pipeline p = new PipelineBenchmark.Pipeline();
    p.slots = 5;
    p.jobs = 300;
    p.setUp();
    assertEquals(300, benchmark.batchRun(p), "one outcome per job");
    assertEquals(300, p.api.starts());
    assertEquals(300, p.api.polls());
    assertEquals(600, p.api.pages());
  }

  @Test
  void theHandWrittenChainReadsBothPagesOfEverySearch() {
    PipelineBenchmark.Chain c = new PipelineBenchmark.Chain();
    c.jobs = 300;
    c.setUp();
    assertEquals(300L * 2 * InMemoryApi.ROWS_PER_PAGE, benchmark.handWrittenChain(c));
    assertEquals(300, c.api.starts());
    assertEquals(600, c.api.pages());
  }
}

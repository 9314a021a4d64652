package io.s64.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** P3's benchmark methods, each invoked once directly with a small burst. */
@Timeout(60)
class HttpOverheadSmokeTest {
  private final HttpOverheadBenchmark benchmark = new HttpOverheadBenchmark();

  @BeforeEach
  void start() {
    benchmark.burst = 64;
    benchmark.start();
  }

  @AfterEach
  void stop() {
    benchmark.stop();
  }

  @Test
  void theTypedClientReadsAFullPageOfTenRowsPerRequest() {
    assertEquals(64 * 10, benchmark.typedClient(new HttpOverheadBenchmark.ClientCpu()));
  }

  @Test
  void theBareReactorNettyLoopGetsA200PerRequest() {
    assertEquals(64 * 200, benchmark.bareReactorNetty(new HttpOverheadBenchmark.ClientCpu()));
  }

  @Test
  void theJavaNetHttpPoolGetsA200PerRequest() throws Exception {
    assertEquals(64 * 200, benchmark.javaNetHttp(new HttpOverheadBenchmark.ClientCpu()));
  }
}

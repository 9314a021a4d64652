package io.s64.emulator;

import static io.s64.emulator.Fixture.PEOPLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link FaultKind#HTTP_500_AFTER_PROCESSING}: the work is done, the answer is a 500. */
class ProcessedThen500FaultTest {
  private @Nullable Fixture fx;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  void aStartAnswered500AfterProcessingHasCreatedTheJob() {
    fx = Fixture.start(b -> b.fault(FaultKind.HTTP_500_AFTER_PROCESSING, 1.0));
    Api.Reply reply = fx.api.post(PEOPLE, "{\"lead_info\":{\"name\":\"Ada\"}}");
    assertEquals(500, reply.status());
    assertEquals("Internal server error", reply.json().get("detail").asText());
    assertNotNull(reply.header("x-ratelimit-remaining"), "with the rate headers");
    EmulatorStats stats = fx.emulator.stats();
    assertEquals(1, stats.enrichmentJobsCreated(), "the job exists, though the answer was a 500");
    assertEquals(1, stats.faults(FaultKind.HTTP_500_AFTER_PROCESSING));
  }

  @Test
  void itIsNotPartOfTheFaultRatesSpread() {
    EmulatorConfig config = EmulatorConfig.builder().faultRate(0.6).build();
    assertEquals(0.0, config.faultProbability(FaultKind.HTTP_500_AFTER_PROCESSING));
    assertEquals(0.1, config.faultProbability(FaultKind.HTTP_500), 1e-12);
  }
}

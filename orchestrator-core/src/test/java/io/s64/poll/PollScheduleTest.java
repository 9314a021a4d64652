package io.s64.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.s64.error.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PollScheduleTest {

  @Test
  void theDefaultsPollEveryTenToFifteenSeconds() {
    PollSchedule s = PollSchedule.defaults();
    assertEquals(Duration.ofSeconds(10), s.delay(0, 0.0, 1.0));
    assertEquals(Duration.ofSeconds(10), s.delay(5, 0.0, 1.0));
    assertEquals(Duration.ofMillis(14_999), s.delay(5, 0.9999, 1.0).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    assertEquals(Duration.ofMinutes(30), s.deadline());
  }

  @Test
  void anIdleBudgetPollsAtTheBaseCadence() {
    assertEquals(Duration.ofSeconds(10), PollSchedule.defaults().delay(3, 0.99, 0.0));
  }

  @Test
  void growsByTheFactorUpToTheCap() {
    PollSchedule s = PollSchedule.defaults().withJitter(0).withGrowth(2).withCap(Duration.ofSeconds(35));
    assertEquals(Duration.ofSeconds(10), s.delay(1, 0, 1));
    assertEquals(Duration.ofSeconds(20), s.delay(2, 0, 1));
    assertEquals(Duration.ofSeconds(35), s.delay(3, 0, 1));
    assertEquals(Duration.ofSeconds(35), s.delay(9, 0, 1));
  }

  @Test
  void neverWaitsLessThanTheFloor() {
    PollSchedule s = PollSchedule.defaults().withInterval(Duration.ofSeconds(2)).withFirstDelay(Duration.ZERO);
    assertEquals(Duration.ofSeconds(10), s.delay(0, 0, 1));
    assertEquals(Duration.ofSeconds(10), s.delay(4, 0, 1));
  }

  @Test
  void aCadenceBelowTheFloorLowersTheFloor() {
    PollSchedule s = PollSchedule.defaults().withCadence(Duration.ofSeconds(2));
    assertEquals(Duration.ofSeconds(2), s.floor());
    assertEquals(Duration.ofSeconds(2), s.delay(0, 0, 1));
    assertEquals(Duration.ofSeconds(3), s.delay(7, 1.0, 1));
  }

  @Test
  void rejectsNonsenseWithTheNameAndValue() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> PollSchedule.defaults().withJitter(1.5));
    assertEquals("jitter must be in 0..1 but was 1.5", e.getMessage());
    e = assertThrows(ConfigurationException.class, () -> PollSchedule.defaults().withGrowth(0.5));
    assertEquals("growth must be at least 1 but was 0.5", e.getMessage());
  }
}

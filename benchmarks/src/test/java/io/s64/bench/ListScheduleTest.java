package io.s64.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListScheduleTest {
  private static Duration s(double seconds) {
    return Duration.ofMillis(Math.round(seconds * 1000));
  }

  @Test
  void startsEachSearchOnTheSlotThatFreesFirstInSubmissionOrder() {
    // slots: [3, 1] -> the third search (2) goes on the slot free at 1, ends at 3; the fourth
    // (2) goes on a slot free at 3, ends at 5.
    List<Duration> durations = List.of(s(3), s(1), s(2), s(2));
    assertEquals(s(5), ListSchedule.makespan(durations, 2));
    assertEquals(8.0 / (2 * 5), ListSchedule.efficiency(durations, 2), 1e-9);
  }

  @Test
  void theTailKeepsTheBoundBelowOneEvenWithoutOverhead() {
    assertEquals(3.0 / (2 * 2), ListSchedule.efficiency(List.of(s(1), s(2)), 2), 1e-9);
  }

  @Test
  void aPollFloorHoldsEachSlotUntilTheFirstPollAtOrAfterTheEnd() {
    // 1.0 s polled every 0.4 s is seen at 1.2 s; 0.8 s exactly at 0.8 s.
    List<Duration> durations = List.of(s(1.0), s(0.8));
    assertEquals(1.8 / (1 * 2.0), ListSchedule.efficiency(durations, 1, s(0.4)), 1e-9);
    assertEquals(1.0, ListSchedule.efficiency(durations, 1, Duration.ZERO), 1e-9);
  }

  @Test
  void theCadenceBoundsMakespanEndsAtTheLastEndLikeTheFigures() {
    // 0.8 s is seen at 0.8 s; 1.0 s starts then, ends at 1.8 s and is seen at 2.0 s: the makespan
    // is 1.8 s, as the figure counts it, not 2.0 s.
    List<Duration> durations = List.of(s(0.8), s(1.0));
    assertEquals(s(1.8), ListSchedule.lastEnd(durations, 1, s(0.4)));
    assertEquals(1.8 / (1 * 1.8), ListSchedule.efficiency(durations, 1, s(0.4)), 1e-9);
  }

  @Test
  void theCadenceOfAPollCountIsTheLongestThatMakesThatManyPolls() {
    List<Duration> durations = List.of(s(1.0), s(2.0));
    assertEquals(4.0, ListSchedule.pollsPerSearch(durations, s(0.4)), 1e-9); // 3 and 5 polls
    // Every cadence below 0.5 s makes 3 and 5 polls; 0.5 s makes 2 and 4.
    Duration cadence = ListSchedule.cadenceFor(durations, 4.0);
    assertEquals(4.0, ListSchedule.pollsPerSearch(durations, cadence), 1e-9);
    assertEquals(0.5, cadence.toNanos() / 1e9, 1e-5);
    assertEquals(3.0, ListSchedule.pollsPerSearch(durations, s(0.5)), 1e-9);
  }
}

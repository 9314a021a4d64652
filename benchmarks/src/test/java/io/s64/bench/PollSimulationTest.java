package io.s64.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.emulator.DurationRange;
import io.s64.emulator.DurationShape;
import io.s64.poll.PollSchedule;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * P1's targets on virtual time, with hints off: on each of the emulator's duration shapes the
 * learned schedule spends no more polls than the docs' cadence, sees ends in at most 0.7 of its
 * delay and beats the fixed cadence that makes as many polls by 0.015 of slot efficiency. No
 * clock: a simulation of the same 100-search batch on 5 slots, so the test cannot be flaky.
 */
class PollSimulationTest {
  private static final DurationRange DOCS =
      new DurationRange(Duration.ofSeconds(30), Duration.ofSeconds(120));

  @ParameterizedTest
  @EnumSource(DurationShape.class)
  void theLearnedScheduleMeetsP1sTargetsOnVirtualTime(DurationShape shape) {
    double polls = 0;
    double docsPolls = 0;
    double delay = 0;
    double docsDelay = 0;
    double gain = 0;
    int runs = 5;
    for (int seed = 0; seed < runs; seed++) {
      List<Duration> ds = PollSimulation.durations(shape, DOCS, 100, 64 + seed);
      PollSimulation.Result mine = PollSimulation.run(ds, 5,
          new PollSimulation.Learned(PollSchedule.Learned.defaults()), false);
      PollSimulation.Result docs = PollSimulation.run(ds, 5,
          new PollSimulation.Fixed(Duration.ofSeconds(10)), false);
      PollSimulation.Result same = PollSimulation.run(ds, 5,
          new PollSimulation.Fixed(ListSchedule.cadenceFor(ds, mine.pollsPerSearch())), false);
      polls += mine.pollsPerSearch();
      docsPolls += docs.pollsPerSearch();
      delay += mine.meanDelay();
      docsDelay += docs.meanDelay();
      gain += mine.efficiency() - same.efficiency();
    }
    assertTrue(polls <= docsPolls, shape + ": polls " + polls / runs + " vs " + docsPolls / runs);
    assertTrue(delay <= 0.7 * docsDelay, shape + ": delay ratio " + delay / docsDelay);
    assertTrue(gain / runs >= 0.015, shape + ": above the fixed cadence by " + gain / runs);
  }
}

package io.s64.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DurationShapeTest {
  private static final DurationRange DOCS =
      new DurationRange(Duration.ofSeconds(30), Duration.ofSeconds(120));

  private static List<Double> seconds(DurationShape shape, int n) {
    SplittableRandom random = new SplittableRandom(64);
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(shape.draw(DOCS, random.nextDouble()).toMillis() / 1000.0);
    }
    Collections.sort(out);
    return out;
  }

  @Test
  void uniformDrawsLikeEveryOtherRange() {
    assertEquals(Duration.ofSeconds(30), DurationShape.UNIFORM.draw(DOCS, 0));
    assertEquals(Duration.ofSeconds(75), DurationShape.UNIFORM.draw(DOCS, 0.5));
    List<Double> s = seconds(DurationShape.UNIFORM, 10_000);
    assertEquals(52.5, s.get(2_500), 2.0);
    assertEquals(97.5, s.get(7_500), 2.0);
  }

  @Test
  void logNormalIsCentredOnSixtySecondsWithTheRangeAsItsMiddle95Percent() {
    List<Double> s = seconds(DurationShape.LOG_NORMAL, 10_000);
    assertEquals(60, s.get(5_000), 1.5);
    assertEquals(30, s.get(250), 1.5);
    assertEquals(120, s.get(9_750), 3.0);
    assertTrue(s.get(0) >= 15 && s.get(9_999) <= 240, s.get(0) + ".." + s.get(9_999));
  }

  @Test
  void bimodalHasNoSearchInTheMiddleThreeFifths() {
    List<Double> s = seconds(DurationShape.BIMODAL, 10_000);
    long shortOnes = s.stream().filter(x -> x >= 30 && x <= 48).count();
    long longOnes = s.stream().filter(x -> x >= 102 && x <= 120).count();
    assertEquals(10_000, shortOnes + longOnes);
    assertEquals(5_000, shortOnes, 200);
  }

  @Test
  void parsesItsFlagNames() {
    assertEquals(DurationShape.LOG_NORMAL, DurationShape.parse("Log-Normal"));
    assertEquals(DurationShape.BIMODAL, DurationShape.parse("bimodal"));
    assertThrows(IllegalArgumentException.class, () -> DurationShape.parse("gamma"));
  }
}

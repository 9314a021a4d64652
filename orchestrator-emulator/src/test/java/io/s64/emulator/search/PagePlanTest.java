package io.s64.emulator.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PagePlanTest {
  @Test
  void shortPagesAreEmptyOnPageTwoAndHalfOnEveryThirdPage() {
    assertEquals(new PagePlan(0, 10, 1, true), PagePlan.of(0, 1, 10, 95, true));
    assertEquals(new PagePlan(10, 0, 2, true), PagePlan.of(10, 2, 10, 95, true));
    assertEquals(new PagePlan(10, 5, 3, true), PagePlan.of(10, 3, 10, 95, true));
    assertEquals(new PagePlan(90, 5, 9, false), PagePlan.of(90, 9, 10, 95, true));
    assertEquals(new PagePlan(10, 10, 2, true), PagePlan.of(10, 2, 10, 95, false));
    assertEquals(new PagePlan(0, 8, 1, false), PagePlan.of(0, 1, 10, 8, true), "one page, no gap");
    assertEquals(new PagePlan(1, 1, 3, true), PagePlan.of(1, 3, 1, 5, true), "size 1 moves on");
  }
}

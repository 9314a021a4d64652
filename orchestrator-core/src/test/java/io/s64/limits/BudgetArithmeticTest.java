package io.s64.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.s64.limits.RequestBudget.ServerLimits;
import io.s64.limits.RequestBudget.Ticket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Issue 11, defect 3, inside the budget: a report whose values are legal but huge (they fit their
 * types, not milliseconds since the epoch) ends its ticket like any other and leaves the budget
 * granting.
 */
class BudgetArithmeticTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  private VirtualTimeScheduler clock;

  @BeforeEach
  void startClock() {
    clock = VirtualTimeScheduler.create();
    clock.advanceTimeTo(T0);
  }

  static Stream<ServerLimits> huge() {
    Instant beyondMillis = Instant.ofEpochSecond(10_000_000_000_000_000L);
    return Stream.of(
        new ServerLimits(Long.MAX_VALUE, Long.MAX_VALUE, beyondMillis, null),
        new ServerLimits(500L, 499L, Instant.MAX, null),
        new ServerLimits(500L, Long.MIN_VALUE, beyondMillis, null),
        new ServerLimits(null, 3L, Instant.MIN, null),
        new ServerLimits(Long.MAX_VALUE, Long.MAX_VALUE, null, null));
  }

  @ParameterizedTest
  @MethodSource("huge")
  void aReportWithHugeButLegalValuesEndsItsTicketAndTheBudgetGoesOnGranting(ServerLimits limits) {
    RequestBudget budget = RequestBudget.local(100, Duration.ofMinutes(1), 1, clock);
    List<Ticket> granted = new ArrayList<>();
    budget.acquire(RequestBudget.Lane.BULK).subscribe(granted::add);
    budget.acquire(RequestBudget.Lane.BULK).subscribe(granted::add);
    assertEquals(1, granted.size(), "one on the wire at a time");
    granted.get(0).onResponse(200, limits, false);
    assertEquals(2, granted.size(), "the first ticket ended, so the second went");
    granted.get(1).onResponse(200, ServerLimits.NONE, false);
    assertEquals(0, budget.state().inFlight());
  }
}

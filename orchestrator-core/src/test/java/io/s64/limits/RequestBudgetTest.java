package io.s64.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.limits.RequestBudget.ServerLimits;
import io.s64.limits.RequestBudget.Ticket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class RequestBudgetTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private static final ServerLimits NONE = ServerLimits.NONE;

  private VirtualTimeScheduler clock;

  @BeforeEach
  void startClock() {
    clock = VirtualTimeScheduler.create();
    clock.advanceTimeTo(T0);
  }

  private long elapsedMillis() {
    return clock.now(TimeUnit.MILLISECONDS) - T0.toEpochMilli();
  }

  /** Acquires in the background; records when each grant arrived and answers it at once. */
  private Disposable take(RequestBudget budget, RequestBudget.Lane lane, List<String> log, String name,
      ServerLimits answer) {
    return budget.acquire(lane).subscribe(t -> {
      log.add(name + "@" + elapsedMillis());
      t.onResponse(200, answer, false);
    });
  }

  private static ServerLimits server(long limit, long remaining, Instant reset) {
    return new ServerLimits(limit, remaining, reset, null);
  }

  @Test
  void grantsTheWholeLimitAtOnceThenOneRequestPerRefillInterval() {
    RequestBudget budget = RequestBudget.local(10, Duration.ofSeconds(10), clock);
    List<String> log = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      take(budget, RequestBudget.Lane.BULK, log, "r" + i, NONE);
    }
    assertEquals(10, log.size(), "ten granted at once: " + log);
    clock.advanceTimeBy(Duration.ofMillis(999));
    assertEquals(10, log.size());
    clock.advanceTimeBy(Duration.ofMillis(1));
    assertEquals("r10@1000", log.get(10));
    clock.advanceTimeBy(Duration.ofSeconds(1));
    assertEquals("r11@2000", log.get(11));
  }

  @Test
  void sendsASingleProbeUntilTheFirstResponseArrives() {
    RequestBudget budget = RequestBudget.local(10, Duration.ofSeconds(10), clock);
    List<Ticket> tickets = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      budget.acquire(RequestBudget.Lane.BULK).subscribe(tickets::add);
    }
    assertEquals(1, tickets.size(), "only the probe goes before the server has answered");
    tickets.get(0).onResponse(200, server(10, 9, T0.plusSeconds(60)), false);
    assertEquals(3, tickets.size());
  }

  @Test
  void servesTheLanesInOrderSlotThenContinuationThenBulkEachFirstInFirstOut() {
    RequestBudget budget = RequestBudget.local(1, Duration.ofSeconds(1), clock);
    List<String> log = new ArrayList<>();
    take(budget, RequestBudget.Lane.BULK, log, "first", NONE);
    take(budget, RequestBudget.Lane.BULK, log, "bulk1", NONE);
    take(budget, RequestBudget.Lane.BULK, log, "bulk2", NONE);
    take(budget, RequestBudget.Lane.CONTINUATION, log, "next-page", NONE);
    take(budget, RequestBudget.Lane.SLOT, log, "poll", NONE);
    clock.advanceTimeBy(Duration.ofSeconds(4));
    assertEquals(List.of("first@0", "poll@1000", "next-page@2000", "bulk1@3000", "bulk2@4000"), log);
  }

  @Test
  void keepsAtMostMaxInFlightOnTheWireAndGrantsTheFreedPlaceInLaneOrder() {
    RequestBudget budget = RequestBudget.local(100, Duration.ofSeconds(1), 2, clock);
    List<RequestBudget.Ticket> held = new ArrayList<>();
    List<String> log = new ArrayList<>();
    budget.acquire(RequestBudget.Lane.BULK).subscribe(t -> {
      log.add("a");
      held.add(t);
      t.onResponse(200, server(100, 99, T0.plusSeconds(1)), false); // ends probing
    });
    budget.acquire(RequestBudget.Lane.BULK).subscribe(held::add);
    budget.acquire(RequestBudget.Lane.BULK).subscribe(held::add);
    budget.acquire(RequestBudget.Lane.BULK).subscribe(t -> log.add("new-work"));
    budget.acquire(RequestBudget.Lane.CONTINUATION).subscribe(t -> log.add("next-page"));
    assertEquals(3, held.size(), "two on the wire (the first was answered)");
    assertEquals(2, budget.state().waitingBulk() + budget.state().waitingContinuation());
    held.get(1).onResponse(200, server(100, 98, T0.plusSeconds(1)), false);
    assertEquals(List.of("a", "next-page"), log, "the freed place went to the continuation");
    held.get(2).onNoResponse();
    assertEquals(List.of("a", "next-page", "new-work"), log, "a request without an answer frees its place too");
  }

  @Test
  void aCancelledWaiterTakesNoTokenAndTheNextWaiterGetsItsTurn() {
    RequestBudget budget = RequestBudget.local(1, Duration.ofSeconds(1), clock);
    List<String> log = new ArrayList<>();
    take(budget, RequestBudget.Lane.BULK, log, "first", NONE);
    Disposable cancelled = take(budget, RequestBudget.Lane.BULK, log, "cancelled", NONE);
    take(budget, RequestBudget.Lane.BULK, log, "next", NONE);
    assertEquals(2, budget.state().waitingBulk());
    cancelled.dispose();
    assertEquals(1, budget.state().waitingBulk(), "the cancelled waiter left the queue");
    clock.advanceTimeBy(Duration.ofSeconds(2));
    assertEquals(List.of("first@0", "next@1000"), log);
    assertEquals(1, budget.state().available(), "the token the cancelled waiter would have used is still there");
  }

  @Test
  void aWaiterCancelledBeforeItsGrantIsVisibleToStepVerifierAsNoEvent() {
    RequestBudget budget = RequestBudget.local(1, Duration.ofSeconds(10), clock);
    List<String> log = new ArrayList<>();
    take(budget, RequestBudget.Lane.BULK, log, "first", NONE);
    StepVerifier.withVirtualTime(() -> budget.acquire(RequestBudget.Lane.BULK), () -> clock, 1)
        .expectSubscription()
        .expectNoEvent(Duration.ofSeconds(5))
        .thenCancel()
        .verify(Duration.ofSeconds(5));
    assertEquals(0, budget.state().waitingBulk());
    assertEquals(1, budget.state().granted());
  }

  @Test
  void sendsNothingAfterA429UntilTheAnnouncedReset() {
    RequestBudget budget = RequestBudget.local(100, Duration.ofSeconds(60), clock);
    Instant reset = T0.plusSeconds(30);
    List<String> log = new ArrayList<>();
    budget.acquire(RequestBudget.Lane.SLOT).subscribe(t -> {
      log.add("first@" + elapsedMillis());
      t.onResponse(429, server(100, 0, reset), false);
    });
    take(budget, RequestBudget.Lane.SLOT, log, "retry", NONE);
    clock.advanceTimeBy(Duration.ofMillis(29_999));
    assertEquals(List.of("first@0"), log);
    assertEquals(reset, budget.state().pausedUntil());
    assertTrue(budget.paused(), "a request granted earlier is held back at the wire too");
    clock.advanceTimeBy(Duration.ofMillis(1));
    assertEquals(List.of("first@0", "retry@30000"), log);
    assertFalse(budget.paused());
    assertEquals(1, budget.state().rateLimited());
  }

  @Test
  void honoursRetryAfterWhenTheServerSendsIt() {
    RequestBudget budget = RequestBudget.local(100, Duration.ofSeconds(60), clock);
    List<String> log = new ArrayList<>();
    budget.acquire(RequestBudget.Lane.BULK).subscribe(t -> t.onResponse(429,
        new ServerLimits(null, null, null, T0.plusSeconds(7)), false));
    take(budget, RequestBudget.Lane.BULK, log, "retry", NONE);
    clock.advanceTimeBy(Duration.ofSeconds(6));
    assertEquals(List.of(), log);
    clock.advanceTimeBy(Duration.ofSeconds(1));
    assertEquals(List.of("retry@7000"), log);
  }

  @Test
  void aSlotsBusy429PausesNothing() {
    RequestBudget budget = RequestBudget.local(100, Duration.ofSeconds(60), clock);
    List<String> log = new ArrayList<>();
    budget.acquire(RequestBudget.Lane.SLOT).subscribe(t -> t.onResponse(429, server(100, 99, T0.plusSeconds(60)), true));
    take(budget, RequestBudget.Lane.SLOT, log, "next", NONE);
    assertEquals(List.of("next@0"), log);
    assertNull(budget.state().pausedUntil());
    assertEquals(1, budget.state().slotsBusy());
    assertEquals(0, budget.state().rateLimited());
  }

  @Test
  void neverGrantsMoreThanTheServerSaysRemainsCountingRequestsInFlight() {
    RequestBudget budget = RequestBudget.local(100, Duration.ofSeconds(60), clock);
    Instant reset = T0.plusSeconds(20);
    List<Ticket> held = new ArrayList<>();
    budget.acquire(RequestBudget.Lane.BULK).subscribe(t -> t.onResponse(200, server(100, 5, reset), false));
    for (int i = 0; i < 10; i++) {
      budget.acquire(RequestBudget.Lane.BULK).subscribe(held::add);
    }
    assertEquals(5, held.size(), "the window had 5 left");
    held.get(0).onResponse(200, server(100, 4, reset), false);
    assertEquals(5, held.size(), "4 left on the server, 4 still in flight: nothing more");
    assertEquals(0, budget.state().available());
    clock.advanceTimeBy(Duration.ofSeconds(20));
    assertEquals(10, held.size(), "a new window: the rest go");
  }

  @Test
  void theLastAnswerOfAWindowThatIsOverDoesNotPauseTheNextOne() {
    RequestBudget budget = RequestBudget.local(100, Duration.ofSeconds(1), clock);
    List<Ticket> held = new ArrayList<>();
    budget.acquire(RequestBudget.Lane.BULK).subscribe(t -> t.onResponse(200, server(100, 50, T0.plusSeconds(1)), false));
    budget.acquire(RequestBudget.Lane.BULK).subscribe(held::add);
    clock.advanceTimeBy(Duration.ofMillis(1001)); // the window ended while the request was out
    held.get(0).onResponse(200, server(100, 0, T0.plusSeconds(1)), false);
    List<String> log = new ArrayList<>();
    take(budget, RequestBudget.Lane.BULK, log, "next", NONE);
    assertEquals(List.of("next@1001"), log, "Remaining 0 of the window before says nothing of this one");
  }

  @Test
  void a429WhoseResetIsAlreadyPastPausesForAMomentNotForNothing() {
    RequestBudget budget = RequestBudget.local(100, Duration.ofSeconds(60), clock);
    budget.acquire(RequestBudget.Lane.BULK).subscribe(t -> t.onResponse(429, server(100, 0, T0.minusSeconds(5)), false));
    List<String> log = new ArrayList<>();
    take(budget, RequestBudget.Lane.BULK, log, "retry", NONE);
    clock.advanceTimeBy(Duration.ofMillis(999));
    assertEquals(List.of(), log);
    clock.advanceTimeBy(Duration.ofMillis(1));
    assertEquals(List.of("retry@1000"), log);
  }

  @Test
  void pausesForAWindowWhenRemainingIsZeroWithoutAReset() {
    RequestBudget budget = RequestBudget.local(100, Duration.ofSeconds(60), clock);
    List<String> log = new ArrayList<>();
    budget.acquire(RequestBudget.Lane.BULK).subscribe(t -> t.onResponse(200, new ServerLimits(100L, 0L, null, null), false));
    take(budget, RequestBudget.Lane.BULK, log, "next", NONE);
    clock.advanceTimeBy(Duration.ofSeconds(59));
    assertEquals(List.of(), log);
    clock.advanceTimeBy(Duration.ofSeconds(1));
    assertEquals(List.of("next@60000"), log);
  }

  @Test
  void theStateReportsQueuesAndInFlightRequests() {
    RequestBudget budget = RequestBudget.local(2, Duration.ofSeconds(10), clock);
    List<Ticket> held = new ArrayList<>();
    budget.acquire(RequestBudget.Lane.SLOT).subscribe(t -> t.onResponse(200, NONE, false));
    budget.acquire(RequestBudget.Lane.SLOT).subscribe(held::add);
    budget.acquire(RequestBudget.Lane.SLOT).subscribe(held::add);
    budget.acquire(RequestBudget.Lane.BULK).subscribe(held::add);
    RequestBudget.State s = budget.state();
    assertEquals(1, s.inFlight());
    assertEquals(1, s.waitingSlot());
    assertEquals(1, s.waitingBulk());
    assertEquals(2, s.granted());
    assertEquals(0, s.available());
  }
}

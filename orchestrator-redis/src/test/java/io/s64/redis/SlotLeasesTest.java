package io.s64.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.s64.limits.SearchSlots;
import io.s64.redis.testing.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Slot leases across several coordinations ("processes") on one real Redis. */
class SlotLeasesTest {
  private final String apiKey = TestRedis.freshApiKey();
  private final List<RedisCoordination> opened = new ArrayList<>();

  private RedisCoordination process(int slots, Duration ttl) {
    return process(slots, ttl, Duration.ofMillis(300));
  }

  private RedisCoordination process(int slots, Duration ttl, Duration startGrace) {
    RedisCoordination c = RedisCoordination.builder(TestRedis.url(), apiKey)
        .slots(slots).leaseTtl(ttl).adoptPoll(Duration.ofMillis(50)).startGrace(startGrace)
        .connect();
    opened.add(c);
    return c;
  }

  @AfterEach
  void closeAll() {
    opened.forEach(RedisCoordination::close);
  }

  @Test
  void threeProcessesNeverHoldMoreLeasesThanSlots() {
    List<SearchSlots> processes = List.of(process(3, Duration.ofSeconds(10)).slots(),
        process(3, Duration.ofSeconds(10)).slots(), process(3, Duration.ofSeconds(10)).slots());
    AtomicInteger holding = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    Flux<Integer> work = Flux.range(0, 60).flatMap(i -> processes.get(i % 3).acquire()
        .flatMap(slot -> {
          peak.accumulateAndGet(holding.incrementAndGet(), Math::max);
          return Mono.delay(Duration.ofMillis(5)).doOnNext(t -> {
            holding.decrementAndGet();
            slot.release();
          }).thenReturn(i);
        }), 60);
    StepVerifier.create(work).expectNextCount(60).expectComplete().verify(Duration.ofSeconds(30));
    assertTrue(peak.get() <= 3, "peak " + peak.get());
    assertEquals(3, peak.get(), "all three slots were used");
  }

  /**
   * The lease ttl is 60 s, so the slow re-check would wake the waiter after a minute: a hand-off
   * within seconds can only come from the notification.
   */
  @Test
  void aFreedSlotReachesAWaiterInAnotherProcessByNotification() {
    SearchSlots a = process(1, Duration.ofSeconds(60)).slots();
    SearchSlots b = process(1, Duration.ofSeconds(60)).slots();
    SearchSlots.Slot held = a.acquire().block(Duration.ofSeconds(5));
    StepVerifier.create(b.acquire())
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(200))
        .then(held::release)
        .expectNextCount(1)
        .expectComplete()
        .verify(Duration.ofSeconds(5));
  }

  /** Hand-off latency: release in one process to grant in another, on loopback. Prints p50/p99. */
  @Test
  void handOffLatencyIsWithinTarget() {
    SearchSlots a = process(1, Duration.ofSeconds(60)).slots();
    SearchSlots b = process(1, Duration.ofSeconds(60)).slots();
    int rounds = 300;
    long[] nanos = new long[rounds];
    SearchSlots.Slot held = a.acquire().block(Duration.ofSeconds(5));
    SearchSlots[] sides = {a, b};
    for (int i = 0; i < rounds; i++) {
      SearchSlots next = sides[(i + 1) % 2];
      SearchSlots.Slot current = held;
      long[] releasedAt = new long[1];
      Mono<SearchSlots.Slot> waiting = next.acquire().cache();
      waiting.subscribe();
      // Give the waiter time to queue and to find the set full before the release.
      Mono.delay(Duration.ofMillis(2)).block();
      releasedAt[0] = System.nanoTime();
      current.release();
      held = waiting.block(Duration.ofSeconds(5));
      nanos[i] = System.nanoTime() - releasedAt[0];
    }
    held.release();
    Arrays.sort(nanos);
    double p50 = nanos[rounds / 2] / 1e6;
    double p99 = nanos[(int) Math.ceil(rounds * 0.99) - 1] / 1e6;
    System.out.printf("slot hand-off latency over %d hand-offs: p50 %.2f ms, p99 %.2f ms%n", rounds, p50, p99);
    // The target is 50 ms on an idle machine; the bound here leaves room for a busy CI host.
    assertTrue(p99 < 250, "p99 " + p99 + " ms");
  }

  @Test
  void aLeaseWithoutATaskWhoseHolderDiedIsFreedAfterTheStartGrace() {
    // Adoptable 300 ms after the grant; freed only 1.5 s after it.
    RedisCoordination dying = process(1, Duration.ofMillis(300), Duration.ofMillis(1500));
    RedisCoordination live = process(1, Duration.ofMillis(300), Duration.ofMillis(1500));
    ((LeasedSearchSlots) live.slots()).adoptWith(task -> Mono.never()); // no task to poll here
    dying.slots().acquire().block(Duration.ofSeconds(5));
    dying.close(); // no heartbeat from now on; the lease is not released
    StepVerifier.create(live.slots().acquire())
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(800))
        .expectNextCount(1)
        .expectComplete()
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void aHolderWhoseLeaseWasTakenOverCannotFreeIt() {
    RedisCoordination paused = process(1, Duration.ofSeconds(60));
    RedisCoordination adopter = process(1, Duration.ofMillis(300));
    SearchSlots.Slot slot = paused.slots().acquire().block(Duration.ofSeconds(5));
    slot.running("task-still-running");
    // The holder pauses past its deadline: in Redis, its lease is due.
    RedisClient client = RedisClient.create(TestRedis.url());
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      String deadlines = KeySpace.of(apiKey, "").key("slots:deadlines");
      String leases = KeySpace.of(apiKey, "").key("slots:leases");
      StepVerifier.create(Mono.fromCallable(() -> c.sync().hgetall(leases))
              .filter(m -> m.values().stream().anyMatch(v -> v.contains("task-still-running")))
              .repeatWhenEmpty(r -> r.delayElements(Duration.ofMillis(20))))
          .expectNextCount(1).expectComplete().verify(Duration.ofSeconds(5));
      c.sync().zadd(deadlines, 0, c.sync().zrange(deadlines, 0, -1).get(0));
      // The adopter polls a task that never ends.
      ((LeasedSearchSlots) adopter.slots()).adoptWith(task -> Mono.never());
      StepVerifier.create(Mono.fromCallable(() -> c.sync().hgetall(leases))
              .filter(m -> m.values().stream().anyMatch(v -> !v.startsWith("1|"))) // adopted: new token
              .repeatWhenEmpty(r -> r.delayElements(Duration.ofMillis(20))))
          .expectNextCount(1).expectComplete().verify(Duration.ofSeconds(5));
      // The stale holder wakes up and tries to free what it no longer holds: a waiter elsewhere
      // must not get the slot, which the adopter still holds for a search that still runs.
      SearchSlots waiter = process(1, Duration.ofSeconds(60)).slots();
      StepVerifier.create(waiter.acquire())
          .expectSubscription()
          .expectNoEvent(Duration.ofMillis(200))
          .then(slot::release)
          .expectNoEvent(Duration.ofMillis(500))
          .thenCancel()
          .verify(Duration.ofSeconds(5));
      assertEquals(1L, c.sync().hlen(leases));
      assertEquals(1, ((LeasedSearchSlots) adopter.slots()).held());
      assertFalse(c.sync().hvals(leases).get(0).startsWith("1|"), "the fencing token moved on");
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  @Test
  void aReleaseThatCrossesARenewalIsNotUndoneByIt() {
    // A process reads its leases for a renewal, then one of them is released (its search ended)
    // before the renewal reaches Redis: the renewal must not record the released lease again.
    try (RedisLink link = new RedisLink(TestRedis.url(), KeySpace.of(apiKey, "crossing"))) {
      LeaseStore store = new LeaseStore(link, 5, "holder-a", Duration.ofSeconds(30));
      long token = store.acquire("lease-1").block(Duration.ofSeconds(5)).token();
      assertTrue(token > 0);
      LeaseStore.Renewal snapshot = new LeaseStore.Renewal("lease-1", token,
          token + "|holder-a|task-1|0");
      assertEquals(Boolean.TRUE, store.release("lease-1", token).block(Duration.ofSeconds(5)));
      List<String> lost = store.renew(List.of(snapshot)).block(Duration.ofSeconds(5));
      assertEquals(List.of("lease-1"), lost, "the renewal finds the released lease gone");
      assertEquals(0, store.count().block(Duration.ofSeconds(5)), "no lease held for nobody");
    }
  }
}

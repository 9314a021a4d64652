package io.s64.redis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.limits.RequestBudget;
import io.s64.limits.RequestBudget.Lane;
import io.s64.limits.RequestBudget.ServerLimits;
import io.s64.redis.testing.RedisServerProcess;
import io.s64.redis.testing.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The shared budget's rules across coordinations ("processes") on one real Redis. */
class SharedBudgetTest {
  private final String apiKey = TestRedis.freshApiKey();
  private final List<RedisCoordination> opened = new ArrayList<>();

  private RequestBudget process(String url, int limit, Duration window, int reserve) {
    RedisCoordination c = RedisCoordination.builder(url, apiKey)
        .rateLimit(limit, window).slotReserve(reserve).connect();
    opened.add(c);
    return c.budget();
  }

  @AfterEach
  void closeAll() {
    opened.forEach(RedisCoordination::close);
  }

  /** Acquires and answers at once, as a request that got a plain 200 would. */
  private static Mono<Lane> sent(RequestBudget budget, Lane lane) {
    return budget.acquire(lane).map(ticket -> {
      ticket.onResponse(200, ServerLimits.NONE, false);
      return lane;
    });
  }

  @Test
  void threeProcessesTogetherGetOneBucket() {
    List<RequestBudget> processes = List.of(
        process(TestRedis.url(), 12, Duration.ofMinutes(1), 0),
        process(TestRedis.url(), 12, Duration.ofMinutes(1), 0),
        process(TestRedis.url(), 12, Duration.ofMinutes(1), 0));
    // 30 asked, 12 in the bucket, no refill worth a token within the test.
    StepVerifier.create(Flux.range(0, 30).flatMap(i -> sent(processes.get(i % 3), Lane.BULK)))
        .expectNextCount(12)
        .expectNoEvent(Duration.ofMillis(500))
        .thenCancel()
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void bulkWorkLeavesTheReservedTokensToSlotWorkOfAnyProcess() {
    RequestBudget bulky = process(TestRedis.url(), 10, Duration.ofMinutes(1), 3);
    RequestBudget polling = process(TestRedis.url(), 10, Duration.ofMinutes(1), 3);
    StepVerifier.create(Flux.range(0, 10).flatMap(i -> sent(bulky, Lane.BULK)))
        .expectNextCount(7)
        .expectNoEvent(Duration.ofMillis(300))
        .thenCancel()
        .verify(Duration.ofSeconds(10));
    StepVerifier.create(Flux.range(0, 3).flatMap(i -> sent(polling, Lane.SLOT)))
        .expectNextCount(3)
        .expectComplete()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void a429InOneProcessPausesEveryProcess() {
    RequestBudget first = process(TestRedis.url(), 100, Duration.ofSeconds(1), 0);
    RequestBudget second = process(TestRedis.url(), 100, Duration.ofSeconds(1), 0);
    StepVerifier.create(sent(second, Lane.BULK)).expectNextCount(1).expectComplete()
        .verify(Duration.ofSeconds(5));
    RequestBudget.Ticket ticket = first.acquire(Lane.BULK).block(Duration.ofSeconds(5));
    Instant retryAt = Instant.now().plusMillis(1500);
    ticket.onResponse(429, new ServerLimits(100L, 0L, null, retryAt), false);
    StepVerifier.create(Mono.fromCallable(second::paused).filter(p -> p)
            .repeatWhenEmpty(r -> r.delayElements(Duration.ofMillis(10))))
        .expectNext(true).expectComplete().verify(Duration.ofSeconds(2));
    StepVerifier.create(sent(second, Lane.SLOT))
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(1000))
        .expectNextCount(1)
        .expectComplete()
        .verify(Duration.ofSeconds(5));
    assertTrue(!Instant.now().isBefore(retryAt), "nothing was granted before Retry-After");
  }

  @Test
  void whileRedisIsAwayNothingIsGrantedAndRequestsGoOnWhenItIsBack() throws Exception {
    try (RedisServerProcess redis = RedisServerProcess.launch()) {
      RequestBudget budget = process(redis.url(), 100, Duration.ofSeconds(1), 0);
      StepVerifier.create(sent(budget, Lane.BULK)).expectNextCount(1).expectComplete()
          .verify(Duration.ofSeconds(5));
      redis.stop();
      StepVerifier.create(sent(budget, Lane.BULK))
          .expectSubscription()
          .expectNoEvent(Duration.ofMillis(1500))
          .then(() -> {
            try {
              redis.start();
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          })
          .expectNextCount(1)
          .expectComplete()
          .verify(Duration.ofSeconds(15));
    }
  }
}

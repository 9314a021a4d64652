package io.s64.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.s64.limits.RequestBudget;
import io.s64.limits.SearchSlots;
import io.s64.redis.testing.TestRedis;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class CoordinationStatusTest {

  @Test
  void statusShowsWhoHoldsWhichSlotAndWhatIsLeftOfTheBucket() {
    String apiKey = TestRedis.freshApiKey();
    try (RedisCoordination worker = RedisCoordination.builder(TestRedis.url(), apiKey)
            .holder("worker-1").rateLimit(50, Duration.ofMinutes(1)).connect();
        RedisCoordination observer = RedisCoordination.builder(TestRedis.url(), apiKey)
            .holder("observer").rateLimit(50, Duration.ofMinutes(1)).connect()) {
      SearchSlots.Slot slot = worker.slots().acquire().block(Duration.ofSeconds(5));
      slot.running("task-7");
      worker.budget().acquire(RequestBudget.Lane.SLOT)
          .doOnNext(t -> t.onResponse(200, RequestBudget.ServerLimits.NONE, false))
          .block(Duration.ofSeconds(5));
      StepVerifier.create(observer.status()
              .filter(s -> !s.leases().isEmpty() && "task-7".equals(s.leases().get(0).taskId()))
              .repeatWhenEmpty(r -> r.delayElements(Duration.ofMillis(20))))
          .assertNext(s -> {
            assertEquals(5, s.slots());
            assertEquals(1, s.leases().size());
            assertEquals("worker-1", s.leases().get(0).holder());
            assertEquals(49, s.tokens(), 1.0);
            assertNull(s.pausedUntil());
          })
          .expectComplete()
          .verify(Duration.ofSeconds(5));
      slot.release();
      StepVerifier.create(observer.status().filter(s -> s.leases().isEmpty())
              .repeatWhenEmpty(r -> r.delayElements(Duration.ofMillis(20))).then(Mono.just(true)))
          .expectNext(true).expectComplete().verify(Duration.ofSeconds(5));
    }
  }
}

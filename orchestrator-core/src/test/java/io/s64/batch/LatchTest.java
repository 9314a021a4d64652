package io.s64.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class LatchTest {
  @Test
  void waitsEndWhenItOpensAndLaterWaitsEndAtOnce() {
    Latch latch = new Latch();
    StepVerifier.create(latch.await())
        .then(() -> assertEquals(1, latch.waiters()))
        .then(() -> assertTrue(latch.open()))
        .verifyComplete();
    assertFalse(latch.open(), "opens once");
    StepVerifier.create(latch.await()).verifyComplete();
    assertEquals(0, latch.waiters());
  }

  @Test
  void aCancelledWaitIsForgotten() {
    Latch latch = new Latch();
    List<Disposable> waits = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      waits.add(latch.await().subscribe());
    }
    assertEquals(1000, latch.waiters());
    waits.forEach(Disposable::dispose);
    assertEquals(0, latch.waiters(), "no waiter left behind by a job that ended");
  }

  @Test
  void aMonoThatTakesUntilTheLatchIsCutShortWhenItOpens() {
    Latch latch = new Latch();
    StepVerifier.withVirtualTime(() -> Mono.delay(Duration.ofMinutes(5)).takeUntilOther(latch.await()))
        .thenAwait(Duration.ofSeconds(1))
        .then(latch::open)
        .verifyComplete();
  }
}

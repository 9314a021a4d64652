package io.s64.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.s64.RetryPolicy;
import io.s64.Sixtyfour;
import io.s64.limits.SearchSlots;
import io.s64.model.DeepSearchRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Issue 11, defect 2: a slot granted to a job at the moment the job is cancelled goes back to the
 * pool. Slots are shared by every batch on a client, so each lost one is lost for good.
 */
class SlotScopeTest {

  /**
   * Slots whose grant crosses the cancel of the waiter: the slots' side has already counted the
   * slot as taken and hands it over while the pipeline is cancelling the wait. (Between threads
   * this is a race; here it is forced: the slot arrives from inside the cancel call.)
   */
  private static final class GrantOnCancelSlots implements SearchSlots {
    final AtomicInteger inUse = new AtomicInteger();
    final AtomicInteger granted = new AtomicInteger();

    @Override
    public Mono<Slot> acquire() {
      return Mono.fromDirect((org.reactivestreams.Subscriber<? super Slot> subscriber) -> subscriber.onSubscribe(new Subscription() {
        final AtomicBoolean done = new AtomicBoolean();

        @Override
        public void request(long n) {
          // Never granted while the wait lasts: every slot is busy.
        }

        @Override
        public void cancel() {
          if (done.compareAndSet(false, true)) {
            inUse.incrementAndGet();
            granted.incrementAndGet();
            AtomicBoolean released = new AtomicBoolean();
            Slot slot = () -> {
              if (released.compareAndSet(false, true)) {
                inUse.decrementAndGet();
              }
            };
            subscriber.onNext(slot);
            subscriber.onComplete();
          }
        }
      }));
    }

    @Override
    public int capacity() {
      return 1;
    }

    @Override
    public int inUse() {
      return inUse.get();
    }

    @Override
    public int waiting() {
      return 0;
    }
  }

  @Test
  void aSlotGrantedToAJobAsItIsCancelledReturnsToThePool() {
    VirtualTimeScheduler clock = VirtualTimeScheduler.create();
    clock.advanceTimeTo(Instant.parse("2026-11-22T10:00:00Z"));
    GrantOnCancelSlots slots = new GrantOnCancelSlots();
    FakeApi api = new FakeApi(clock, 5);
    Sixtyfour client = Sixtyfour.builder().apiKey("sk_test_key").transport(api).scheduler(clock)
        .slots(slots).retry(RetryPolicy.defaults().withJitter(0)).build();
    List<Outcome> outcomes = new ArrayList<>();
    List<Job> jobs = List.of(
        Job.deep("a", DeepSearchRequest.of("query a 60s")),
        Job.deep("b", DeepSearchRequest.of("query b 60s")),
        Job.deep("c", DeepSearchRequest.of("query c 60s")));
    Disposable running = Batch.builder(client).random(() -> 0.0).build()
        .run(Flux.fromIterable(jobs), RowSink.inMemory())
        .subscribe(outcomes::add);
    clock.advanceTimeBy(Duration.ofSeconds(5));
    assertEquals(0, slots.granted.get(), "every job still waits for a slot");

    running.dispose();

    assertEquals(3, slots.granted.get(), "each cancelled waiter was handed a slot as it left");
    assertEquals(0, slots.inUse(), "every slot handed over during the cancel came back");
    assertEquals(0, api.log.size(), "no start was sent for a cancelled job");
    assertEquals(List.of(), outcomes);
  }
}

package io.s64.limits;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;

/** Grants every request immediately, counting only. */
final class UnlimitedRequestBudget implements RequestBudget, RequestBudget.Ticket {
  private final AtomicLong granted = new AtomicLong();
  private final AtomicLong rateLimited = new AtomicLong();
  private final AtomicLong slotsBusy = new AtomicLong();
  private final Mono<Ticket> grant = Mono.fromSupplier(this::grant);

  private Ticket grant() {
    granted.incrementAndGet();
    return this;
  }

  @Override
  public Mono<Ticket> acquire(Lane lane) {
    return grant;
  }

  @Override
  public void onResponse(int status, ServerLimits limits, boolean busy) {
    if (status == 429) {
      (busy ? slotsBusy : rateLimited).incrementAndGet();
    }
  }

  @Override
  public void onNoResponse() {}

  @Override
  public State state() {
    return new State(Long.MAX_VALUE, Duration.ZERO, Long.MAX_VALUE, null, null, null, 0, 0, 0, 0,
        granted.get(), rateLimited.get(), slotsBusy.get());
  }
}

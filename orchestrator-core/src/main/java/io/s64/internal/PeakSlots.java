package io.s64.internal;

import io.s64.limits.SearchSlots;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/**
 * Slots that remember the most held at once: the client's slots when it has meters. Everything
 * else is the slots it wraps.
 */
public final class PeakSlots implements SearchSlots {
  private final SearchSlots slots;
  private final AtomicInteger peak = new AtomicInteger();

  public PeakSlots(SearchSlots slots) {
    this.slots = slots;
  }

  @Override
  public Mono<Slot> acquire() {
    return slots.acquire().doOnNext(slot -> peak.accumulateAndGet(slots.inUse(), Math::max));
  }

  @Override
  public Mono<Slot> acquireFirst() {
    return slots.acquireFirst().doOnNext(slot -> peak.accumulateAndGet(slots.inUse(), Math::max));
  }

  @Override
  public int capacity() {
    return slots.capacity();
  }

  @Override
  public int inUse() {
    return slots.inUse();
  }

  @Override
  public int waiting() {
    return slots.waiting();
  }

  /** The most slots held at once since this was built. */
  public int peak() {
    return peak.get();
  }

  @Override
  public String toString() {
    return slots.toString();
  }
}

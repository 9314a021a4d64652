package io.s64.batch;

import io.s64.job.BatchEvent;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * Fans events out to progress subscribers, best effort: a subscriber that falls more than {@code
 * buffer} events behind loses the oldest. Emitting never blocks and never fails.
 */
final class EventBus {
  private final CopyOnWriteArrayList<FluxSink<BatchEvent>> subscribers = new CopyOnWriteArrayList<>();
  private final int buffer;

  EventBus(int buffer) {
    this.buffer = buffer;
  }

  Flux<BatchEvent> flux() {
    return Flux.<BatchEvent>create(sink -> {
      subscribers.add(sink);
      sink.onDispose(() -> subscribers.remove(sink));
    }).onBackpressureBuffer(buffer, dropped -> {}, BufferOverflowStrategy.DROP_OLDEST);
  }

  void emit(BatchEvent event) {
    for (FluxSink<BatchEvent> s : subscribers) {
      s.next(event);
    }
  }

  boolean hasSubscribers() {
    return !subscribers.isEmpty();
  }
}

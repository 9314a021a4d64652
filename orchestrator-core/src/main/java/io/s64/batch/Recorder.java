package io.s64.batch;

import io.s64.job.BatchEvent;
import io.s64.journal.Journal;
import reactor.core.publisher.Mono;

/** Where a run's events go: progress subscribers, and the journal for the events it keeps. */
final class Recorder {
  private final EventBus bus;
  private final Journal journal;

  Recorder(EventBus bus, Journal journal) {
    this.bus = bus;
    this.journal = journal;
  }

  /** Emits the event and records it in the journal; completes once the journal has it. */
  Mono<Void> record(BatchEvent event) {
    bus.emit(event);
    return journal.record(event);
  }

  /** Emits the event to progress subscribers only. */
  void emit(BatchEvent event) {
    bus.emit(event);
  }
}

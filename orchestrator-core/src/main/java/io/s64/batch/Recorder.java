package io.s64.batch;

import io.s64.job.BatchEvent;
import io.s64.journal.Journal;
import reactor.core.publisher.Mono;

/** Where a run's events go: progress subscribers, the meters, and the journal for the events it keeps. */
final class Recorder {
  private final EventBus bus;
  private final Journal journal;
  private final BatchMeters meters;

  Recorder(EventBus bus, Journal journal, BatchMeters meters) {
    this.bus = bus;
    this.journal = journal;
    this.meters = meters;
  }

  /**
   * Emits the event, counts it in the meters (rows committed, jobs finished) and records it in the
   * journal; completes once the journal has it.
   */
  Mono<Void> record(BatchEvent event) {
    bus.emit(event);
    if (event instanceof BatchEvent.Committed c) {
      meters.rows(c.rowsInPage());
    } else if (event instanceof BatchEvent.Finished f) {
      meters.finished(f.outcome());
    }
    return journal.record(event);
  }

  /** Emits the event to progress subscribers only. */
  void emit(BatchEvent event) {
    bus.emit(event);
  }
}

package io.s64.journal;

import io.s64.job.BatchEvent;

import reactor.core.publisher.Mono;

/**
 * Durable record of a batch's state changes, for resume. The batch waits for each {@link
 * #record} to complete before going on: {@link BatchEvent.Admitted} before the first start
 * request, {@link BatchEvent.Committed} only after the sink has the rows it covers.
 */
@FunctionalInterface
public interface Journal {

  /** Keeps nothing. */
  static Journal none() {
    return event -> Mono.empty();
  }

  /** Records one event; completes once it is durable. Not called for {@link BatchEvent.Polled} and {@link BatchEvent.Snapshot}. */
  Mono<Void> record(BatchEvent event);
}

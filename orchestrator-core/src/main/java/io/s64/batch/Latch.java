package io.s64.batch;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * A one-time signal that every job in progress may wait for: the run stopping, paid work stopping.
 * Starting and ending a wait costs O(1) (a concurrent set), where a multicast sink copies its
 * array of waiters on each: with 256 jobs in progress, every job that waited on the run's stop
 * through {@code Sinks.one()} copied two arrays of 256 waiters. Thread-safe.
 */
final class Latch {
  private final Set<MonoSink<Void>> waiting = ConcurrentHashMap.newKeySet();
  private volatile boolean open;

  /** Completes when the latch opens (at once if it is open); cancelling it stops the wait. */
  Mono<Void> await() {
    return Mono.create(sink -> {
      if (open) {
        sink.success();
        return;
      }
      waiting.add(sink);
      sink.onDispose(() -> waiting.remove(sink));
      if (open && waiting.remove(sink)) {
        sink.success(); // opened between the check and the add
      }
    });
  }

  /** Opens the latch: every wait completes, now and later. Returns false if it was open. */
  boolean open() {
    if (open) {
      return false;
    }
    synchronized (this) {
      if (open) {
        return false;
      }
      open = true;
    }
    for (MonoSink<Void> sink : waiting) {
      if (waiting.remove(sink)) {
        sink.success();
      }
    }
    return true;
  }

  /** How many waits are in progress. */
  int waiters() {
    return waiting.size();
  }
}

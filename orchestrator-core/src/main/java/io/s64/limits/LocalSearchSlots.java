package io.s64.limits;

import io.s64.error.ConfigurationException;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/** A FIFO semaphore whose waiters are {@code Mono}s: nothing ever parks a thread. */
final class LocalSearchSlots implements SearchSlots {
  private final int capacity;
  private final ArrayDeque<Waiter> first = new ArrayDeque<>();
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private int inUse; // guarded by this

  LocalSearchSlots(int capacity) {
    if (capacity < 1) {
      throw new ConfigurationException("slots must be at least 1 but was " + capacity);
    }
    this.capacity = capacity;
  }

  @Override
  public Mono<Slot> acquire() {
    return acquire(waiters);
  }

  @Override
  public Mono<Slot> acquireFirst() {
    return acquire(first);
  }

  private Mono<Slot> acquire(ArrayDeque<Waiter> queue) {
    return Mono.create(sink -> {
      Waiter w = new Waiter(sink);
      boolean now;
      synchronized (this) {
        now = inUse < capacity && first.isEmpty() && (queue == first || waiters.isEmpty());
        if (now) {
          inUse++;
        } else {
          queue.add(w);
        }
      }
      if (now) {
        w.state.set(Waiter.GRANTED);
        w.slot = new Held();
        sink.onCancel(w.slot::release);
        sink.success(w.slot);
      } else {
        sink.onCancel(() -> cancel(w, queue));
      }
    });
  }

  private void cancel(Waiter w, ArrayDeque<Waiter> queue) {
    if (w.state.compareAndSet(Waiter.WAITING, Waiter.CANCELLED)) {
      synchronized (this) {
        queue.remove(w);
      }
    } else if (w.slot != null) {
      w.slot.release();
    }
  }

  private void handOver() {
    while (true) {
      Waiter next;
      synchronized (this) {
        if (inUse >= capacity || (first.isEmpty() && waiters.isEmpty())) {
          return;
        }
        next = first.isEmpty() ? waiters.poll() : first.poll();
        Held slot = new Held();
        next.slot = slot;
        if (!next.state.compareAndSet(Waiter.WAITING, Waiter.GRANTED)) {
          continue;
        }
        inUse++;
      }
      next.sink.success(next.slot);
    }
  }

  @Override
  public int capacity() {
    return capacity;
  }

  @Override
  public synchronized int inUse() {
    return inUse;
  }

  @Override
  public synchronized int waiting() {
    return first.size() + waiters.size();
  }

  @Override
  public String toString() {
    return "SearchSlots[" + inUse() + "/" + capacity + " in use, " + waiting() + " waiting]";
  }

  private final class Held implements Slot {
    private final AtomicBoolean released = new AtomicBoolean();

    @Override
    public void release() {
      if (released.compareAndSet(false, true)) {
        synchronized (LocalSearchSlots.this) {
          inUse--;
        }
        handOver();
      }
    }
  }

  private static final class Waiter {
    static final int WAITING = 0;
    static final int GRANTED = 1;
    static final int CANCELLED = 2;

    final MonoSink<Slot> sink;
    final AtomicInteger state = new AtomicInteger(WAITING);
    volatile @Nullable Held slot;

    Waiter(MonoSink<Slot> sink) {
      this.sink = sink;
    }
  }
}

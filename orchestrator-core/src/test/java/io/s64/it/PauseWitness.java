package io.s64.it;

import io.s64.http.HttpTransport;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Watches the client's own side of a rate pause, around the real transport: the moment the head of
 * each rate 429 (Remaining 0) is read, with the reset it announced, and the moment each request is
 * let go at the wire. A request let go after the client read a rate 429 and before that 429's
 * reset breaks the pause, whatever the server's stamps say; both moments are read on one clock
 * ({@link System#nanoTime()}, and the wall clock for the reset), in this process, so the count is
 * exact. (A request is stamped before it asks the budget, a head after the budget heard of it: a
 * request stamped later than a head asked after the pause began, and was refused.) A request handed
 * to the transport during a pause that is sent without asking counts too.
 */
final class PauseWitness implements HttpTransport {
  /** The current or last pause the client read: since when (nanoTime) and until (epoch millis). */
  private record Pause(long readNanos, long untilMillis) {}

  private final HttpTransport inner;
  private final AtomicReference<@Nullable Pause> pause = new AtomicReference<>();
  private final AtomicLong rate429Heads = new AtomicLong();
  private final AtomicLong sentDuringPause = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();

  PauseWitness(HttpTransport inner) {
    this.inner = inner;
  }

  @Override
  public Mono<Response> exchange(Request r) {
    return Mono.defer(() -> {
      // A request handed to the transport during a pause must be refused at the wire; one that
      // is sent without asking (a transport that skips the check) is caught here.
      boolean duringPause = during(System.nanoTime(), System.currentTimeMillis());
      AtomicBoolean asked = new AtomicBoolean();
      return inner.exchange(watched(r, asked))
          .doOnEach(signal -> {
            boolean sent = signal.isOnNext() || signal.isOnError()
                && !(signal.getThrowable() instanceof NotSent);
            if (sent && duringPause && !asked.get()) {
              sentDuringPause.incrementAndGet();
            }
          });
    });
  }

  private boolean during(long nanos, long wall) {
    Pause p = pause.get();
    return p != null && nanos - p.readNanos() > 0 && wall < p.untilMillis();
  }

  private Request watched(Request r, AtomicBoolean asked) {
    return new Request(r.method(), r.path(), r.headers(), r.body(), () -> {
      asked.set(true);
      long nanos = System.nanoTime();
      long wall = System.currentTimeMillis();
      boolean go = r.mayGo().getAsBoolean();
      if (!go) {
        refused.incrementAndGet();
      } else if (during(nanos, wall)) {
        sentDuringPause.incrementAndGet();
      }
      return go;
    }, head -> {
      r.onHead().accept(head);
      String reset = head.header("x-ratelimit-reset");
      if (head.status() == 429 && "0".equals(head.header("x-ratelimit-remaining"))
          && reset != null) {
        rate429Heads.incrementAndGet();
        long now = System.nanoTime();
        long wall = System.currentTimeMillis();
        long until = Long.parseLong(reset) * 1000;
        pause.updateAndGet(p -> p == null || wall >= p.untilMillis()
            ? new Pause(now, until) : new Pause(p.readNanos(), Math.max(until, p.untilMillis())));
      }
    });
  }

  @Override
  public Flux<ByteBuffer> download(URI url, long offset) {
    return inner.download(url, offset);
  }

  @Override
  public Mono<Void> close() {
    return inner.close();
  }

  /** Heads of rate 429s (Remaining 0) read. */
  long rate429Heads() {
    return rate429Heads.get();
  }

  /** Requests let go after a rate 429 was read and before its reset. */
  long sentDuringPause() {
    return sentDuringPause.get();
  }

  /** Requests the budget refused at the wire (paused): they were never sent. */
  long refusedAtTheWire() {
    return refused.get();
  }
}

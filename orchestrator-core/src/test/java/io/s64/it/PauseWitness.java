package io.s64.it;

import io.s64.emulator.Emulator;
import io.s64.http.HttpTransport;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 *
 * <p>It also labels each request with an {@code x-s64-trace} header and keeps the moment it let it
 * go, so that {@link #judge} can take every request the emulator saw arrive during a pause and say,
 * from both sides' stamps on the one clock, whether it was already on the wire when the 429 was
 * written, crossed the 429 (written after the 429 was written, before the client had read it), or
 * was sent after the client knew: a breach. No grace is involved.
 */
final class PauseWitness implements HttpTransport {
  /** The current or last pause the client read: since when (nanoTime) and until (epoch millis). */
  private record Pause(long readNanos, long untilMillis) {}

  private final HttpTransport inner;
  private final AtomicReference<@Nullable Pause> pause = new AtomicReference<>();
  private final AtomicLong rate429Heads = new AtomicLong();
  private final AtomicLong sentDuringPause = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong traces = new AtomicLong();
  /** This witness's own prefix, so that two witnesses on one emulator never share a label. */
  private final String label = java.util.UUID.randomUUID().toString().substring(0, 8);
  /** When each labelled request asked to go at the wire (nanoTime), by its label. */
  private final Map<String, Long> letGo = new ConcurrentHashMap<>();
  /** A rate 429 head the client read: when (nanoTime, after the budget heard of it), and its reset. */
  private record Head(long readNanos, long resetMillis) {}

  private final ConcurrentLinkedQueue<Head> heads = new ConcurrentLinkedQueue<>();

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
    String trace = label + "-" + traces.incrementAndGet();
    Map<String, String> headers = new HashMap<>(r.headers());
    headers.put("x-s64-trace", trace);
    return new Request(r.method(), r.path(), headers, r.body(), () -> {
      asked.set(true);
      long nanos = System.nanoTime();
      long wall = System.currentTimeMillis();
      letGo.put(trace, nanos); // a refused request that a broken transport sent anyway is judged too
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
        heads.add(new Head(now, until));
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

  /**
   * The requests the emulator saw arrive during a rate pause, each judged exactly from both sides'
   * stamps: when the client let it go (C), when the pause's 429 was written (W), and when the
   * client first read a rate 429 of that window after W (R).
   *
   * @param onTheWire C before W: already on the wire when the 429 was written
   * @param crossed W ≤ C ≤ R: written before the client could know (the 429 was still on its way)
   * @param breaches C after R: sent after the client had read the 429
   * @param untraced not sent through this witness, so not judged (a test expects none)
   * @param maxServerLateMillis the longest an on-the-wire request took from C to its arrival
   * @param maxDeliveryMillis the longest a crossed request's 429 took from W to R
   */
  record Exact(long onTheWire, long crossed, long breaches, long untraced,
      double maxServerLateMillis, double maxDeliveryMillis) {
    long judged() {
      return onTheWire + crossed + breaches;
    }

    @Override
    public String toString() {
      return judged() + " arrived during a pause: " + onTheWire + " on the wire before the 429 was"
          + " written (the latest read " + String.format("%.1f", maxServerLateMillis) + " ms after"
          + " it was sent), " + crossed + " crossed the 429 (longest 429 delivery "
          + String.format("%.1f", maxDeliveryMillis) + " ms), " + breaches + " sent after the"
          + " client read it; " + untraced + " untraced";
    }
  }

  /** Judges the emulator's {@link Emulator#lateArrivals() late arrivals} exactly (see {@link Exact}). */
  Exact judge(List<Emulator.LateArrival> arrivals) {
    long onTheWire = 0;
    long crossed = 0;
    long breaches = 0;
    long untraced = 0;
    long serverLate = 0;
    long delivery = 0;
    List<Head> read = List.copyOf(heads);
    for (Emulator.LateArrival a : arrivals) {
      Long c = a.trace() == null ? null : letGo.get(a.trace());
      if (c == null) {
        untraced++;
        continue;
      }
      long w = a.written429Nanos();
      if (c - w < 0) {
        onTheWire++;
        serverLate = Math.max(serverLate, a.arrivalNanos() - c);
        continue;
      }
      Long r = firstReadAfter(read, w, a.pauseEndMillis());
      if (r == null || c - r <= 0) {
        crossed++;
        if (r != null) {
          delivery = Math.max(delivery, r - w);
        }
      } else {
        breaches++;
      }
    }
    return new Exact(onTheWire, crossed, breaches, untraced, serverLate / 1e6, delivery / 1e6);
  }

  /**
   * When the client first read, at or after {@code written}, a rate 429 announcing the reset of the
   * window that ends at {@code endMillis} (announced in whole seconds); null if it never did.
   */
  private static @Nullable Long firstReadAfter(List<Head> read, long written, long endMillis) {
    Long first = null;
    for (Head head : read) {
      boolean sameWindow = Math.abs(head.resetMillis() - endMillis) < 1000;
      long at = head.readNanos();
      if (sameWindow && at - written >= 0 && (first == null || at - first < 0)) {
        first = at;
      }
    }
    return first;
  }
}

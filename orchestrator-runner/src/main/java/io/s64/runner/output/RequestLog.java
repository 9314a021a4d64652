package io.s64.runner.output;

import io.s64.limits.RequestBudget;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code requests.jsonl}: one short line per API request, for the run report's chart of requests
 * per rate window. It is the run's {@link RequestBudget} wrapped, so every request the client
 * sends passes through it with its lane, and its answer comes back to it:
 *
 * <pre>{@code
 * {"type":"header","started_at":"2030-01-01T10:00:00Z","rate_limit":500,"rate_window_ms":60000,"slots":5}
 * {"t":412,"lane":"slot","status":200,"ms":31}
 * {"t":9050,"lane":"bulk","status":429,"kind":"rate","ms":12}
 * {"t":9051,"lane":"slot","status":429,"kind":"slots","ms":9}
 * {"t":9900,"lane":"continuation","status":null,"ms":60001}
 * }</pre>
 *
 * <p>{@code t} is when the budget let the request go, in milliseconds after the header's {@code
 * started_at}; {@code status} is the HTTP status, null when no answer came (a reset, a timeout, a
 * cancelled call); {@code kind} tells a 429 that spent the window ({@code rate}) from one that found
 * every deep-search slot busy ({@code slots}); {@code ms} is how long the answer took. A line holds
 * no key, no path, no id and no URL: nothing that could leak. A resumed run appends a new header.
 *
 * <p>Lines are queued on the caller's thread (often a network event loop, which must not block)
 * and written by a timer on {@link Schedulers#boundedElastic()} every second and at {@link
 * #close()}. The file is a report's source, not a resume file: a crash may lose its last second.
 */
public final class RequestLog implements RequestBudget {
  private static final Duration FLUSH_EVERY = Duration.ofSeconds(1);

  private final RequestBudget budget;
  private final Path path;
  private final LongSupplier nowMillis;
  private final long startMillis;
  private final ConcurrentLinkedQueue<byte[]> pending = new ConcurrentLinkedQueue<>();
  private @Nullable Disposable flusher; // guarded by this
  private @Nullable OutputStream out; // guarded by this
  private boolean closed; // guarded by this

  /**
   * Logs the requests of {@code budget} into {@code path}, after a header line; nothing is written
   * before {@link #start()}.
   *
   * @param settings written into the header after {@code started_at}, such as the rate limit
   */
  public RequestLog(RequestBudget budget, Path path, Instant startedAt, Map<String, Object> settings) {
    this.budget = budget;
    this.path = path;
    this.nowMillis = System::currentTimeMillis;
    this.startMillis = startedAt.toEpochMilli();
    pending.add(JsonLines.line(g -> {
      g.writeStringField("type", "header");
      g.writeStringField("started_at", startedAt.toString());
      for (Map.Entry<String, Object> e : settings.entrySet()) {
        g.writeObjectField(e.getKey(), e.getValue());
      }
    }));
  }

  /** Writes the header and the lines so far, then every second. Blocking. */
  public synchronized void start() {
    flush();
    flusher = Flux.interval(FLUSH_EVERY, Schedulers.boundedElastic())
        .subscribe(tick -> flush(), e -> { });
  }

  /** The file. */
  public Path path() {
    return path;
  }

  @Override
  public Mono<Ticket> acquire(Lane lane) {
    return budget.acquire(lane).map(ticket -> new Logged(ticket, lane, nowMillis.getAsLong()));
  }

  @Override
  public State state() {
    return budget.state();
  }

  @Override
  public boolean paused() {
    return budget.paused();
  }

  /** A ticket that reports its answer to the log, then to the budget. */
  private final class Logged implements Ticket {
    private final Ticket ticket;
    private final Lane lane;
    private final long grantedAt;

    Logged(Ticket ticket, Lane lane, long grantedAt) {
      this.ticket = ticket;
      this.lane = lane;
      this.grantedAt = grantedAt;
    }

    @Override
    public void onResponse(int status, ServerLimits limits, boolean slotsBusy) {
      log(status, status == 429 ? (slotsBusy ? "slots" : "rate") : null);
      ticket.onResponse(status, limits, slotsBusy);
    }

    @Override
    public void onNoResponse() {
      log(null, null);
      ticket.onNoResponse();
    }

    private void log(@Nullable Integer status, @Nullable String kind) {
      long answered = nowMillis.getAsLong();
      pending.add(JsonLines.line(g -> {
        g.writeNumberField("t", grantedAt - startMillis);
        g.writeStringField("lane", lane.name().toLowerCase(Locale.ROOT));
        g.writeFieldName("status");
        if (status == null) {
          g.writeNull();
        } else {
          g.writeNumber(status);
        }
        if (kind != null) {
          g.writeStringField("kind", kind);
        }
        g.writeNumberField("ms", Math.max(0, answered - grantedAt));
      }));
    }
  }

  /** Writes the queued lines. Blocking. */
  private synchronized void flush() {
    if (closed) {
      return;
    }
    try {
      if (out == null) {
        out = new BufferedOutputStream(new FileOutputStream(path.toFile(), true), 1 << 16);
      }
      for (byte[] line = pending.poll(); line != null; line = pending.poll()) {
        out.write(line);
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
    }
  }

  /** Writes what is queued and closes the file; later requests are not logged. Blocking. */
  public synchronized void close() throws IOException {
    if (flusher == null || closed) {
      closed = true;
      return;
    }
    flusher.dispose();
    flush();
    closed = true;
    OutputStream o = out;
    out = null;
    if (o != null) {
      o.close();
    }
  }
}

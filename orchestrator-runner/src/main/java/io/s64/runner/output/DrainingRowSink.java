package io.s64.runner.output;

import io.s64.job.Job;
import io.s64.sink.RowSink;
import io.s64.model.Row;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;

/**
 * A row sink whose writes, once started, finish even if the batch is cancelled (Ctrl-C): a write
 * cut short by a thread interrupt would leave half a line and could close the file under the
 * writes after it. {@link #close()} waits for the writes in flight, then closes the sink it wraps.
 * Also counts the rows written.
 */
public final class DrainingRowSink implements RowSink {
  private final RowSink sink;
  private final Set<CompletableFuture<Void>> inFlight = ConcurrentHashMap.newKeySet();
  private final AtomicLong rows = new AtomicLong();

  public DrainingRowSink(RowSink sink) {
    this.sink = sink;
  }

  @Override
  public Mono<Void> write(Job job, List<Row> page) {
    return Mono.fromFuture(() -> {
      CompletableFuture<Void> f = sink.write(job, page).toFuture();
      inFlight.add(f);
      return f.whenComplete((v, e) -> {
        inFlight.remove(f);
        if (e == null) {
          rows.addAndGet(page.size());
        }
      });
    }, true);
  }

  /** Rows written so far. */
  public long rows() {
    return rows.get();
  }

  @Override
  public Mono<Void> close() {
    return Mono.defer(() -> Mono.fromFuture(
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)), true))
        .onErrorResume(e -> Mono.empty())
        .then(sink.close());
  }
}

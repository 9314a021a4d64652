package io.s64.batch;

import io.s64.Sixtyfour;
import io.s64.error.ApiException;
import io.s64.error.DecodeException;
import io.s64.error.TransportException;
import io.s64.internal.CsvRowDecoder;
import io.s64.job.Outcome;
import io.s64.model.DownloadLink;
import io.s64.model.Row;
import io.s64.sink.RowSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.concurrent.Queues;
import reactor.util.retry.Retry;

/**
 * Reads a result CSV: a signed link, the file streamed and decoded row by row (never held whole),
 * rows written to the sink in chunks, each chunk committed with the byte offset after its last
 * row. A download that fails part way (an expired link answers 403, a connection drops) asks for a
 * new link and continues from the committed offset with a range request, so no row is delivered
 * twice and none is lost. A row counts as delivered only once the sink has acknowledged it, and a
 * failed download lets the write in progress finish before the next attempt begins.
 */
final class CsvReader {
  private final Sixtyfour client;
  private final RowSink sink;
  private final int chunkRows;
  private final int attempts;

  /**
   * @param chunkRows rows per sink write, each write a checkpoint
   * @param attempts how often in a row a download may be started over without committing a new
   *     row before the job fails
   */
  CsvReader(Sixtyfour client, RowSink sink, int chunkRows, int attempts) {
    this.client = client;
    this.sink = sink;
    this.chunkRows = chunkRows;
    this.attempts = attempts;
  }

  /** Reads the file of {@code resourceHandleId} into the sink, from the job's committed offset. */
  Mono<Outcome> read(JobTracker job, String resourceHandleId) {
    return Mono.defer(() -> {
      long from = job.progress().byteOffset();
      if (from > 0) {
        job.continueFromCheckpoint();
      } else {
        job.restartFromFirstRow();
      }
      return copy(job, () -> client.downloadLink(resourceHandleId), from, Decorate.NONE, null)
          .flatMap(end -> job.commit(List.of(), null, null, end, true))
          .then(Mono.fromSupplier(job::completed));
    });
  }

  /** What to add to each row of a file before it goes to the sink, knowing its place. */
  @FunctionalInterface
  interface Decorate {
    Decorate NONE = (row, number) -> row;

    /** The row to deliver for {@code row}, the {@code number}-th (1-based) of its file. */
    Row apply(Row row, long number);
  }

  /**
   * Streams a file into the sink from byte {@code from} on, each chunk written and then committed
   * with the offset after its last row (and {@code cursor}); emits the offset after the last row.
   * Each attempt asks {@code link} for a fresh signed URL, so an expired one costs one request.
   */
  Mono<Long> copy(JobTracker job, Supplier<Mono<DownloadLink>> link, long from, Decorate decorate,
      @Nullable String cursor) {
    return Mono.defer(() -> {
      AtomicLong committed = new AtomicLong(from);
      // The place in the file of the last committed row; known only when this run read it.
      AtomicLong committedNumber = new AtomicLong(-1);
      AtomicReference<List<String>> header = new AtomicReference<>();
      Mono<Void> attempt = Mono.defer(() -> {
        // Continue from the committed offset when the header is known; otherwise (nothing
        // committed yet, or a resumed run) read from the start for the header, skipping by offset.
        long skipUntil = committed.get();
        List<String> known = header.get();
        boolean mid = known != null && skipUntil > 0
            && (committedNumber.get() >= 0 || decorate == Decorate.NONE);
        long start = mid ? skipUntil : 0;
        AtomicLong number = new AtomicLong(mid ? committedNumber.get() : 0);
        CsvRowDecoder decoder = new CsvRowDecoder(start, start > 0 ? known : null);
        return link.get()
            .flatMapMany(l -> client.download(l, start))
            .concatMapIterable(decoder::feed)
            .concatWith(Flux.defer(() -> Flux.fromIterable(decoder.finish())))
            .doOnNext(d -> header.set(decoder.header()))
            .map(d -> new Numbered(d, number.incrementAndGet()))
            .filter(n -> n.decoded().endOffset() > skipUntil)
            .buffer(chunkRows)
            // A failed download waits for the write in progress: its rows are stored and
            // committed, and the next attempt continues after them instead of cancelling a write
            // half done.
            .concatMapDelayError(chunk -> deliver(job, chunk, committed, committedNumber, decorate,
                cursor), false, Queues.XS_BUFFER_SIZE)
            .then();
      });
      // Attempts are counted in a row without progress: a long file whose connection breaks now
      // and then, each time after more rows were committed, is read to its end.
      AtomicLong committedAtLastFailure = new AtomicLong(-1);
      AtomicInteger fruitless = new AtomicInteger();
      return attempt
          .retryWhen(Retry.from(signals -> signals.concatMap(s -> {
            long now = committed.get();
            if (committedAtLastFailure.getAndSet(now) != now) {
              fruitless.set(0);
            }
            int n = fruitless.incrementAndGet();
            return resumable(s.failure()) && n < attempts
                ? Mono.delay(Duration.ofMillis(200L << Math.min(6, n - 1)), client.scheduler())
                : Mono.error(s.failure());
          })))
          .then(Mono.fromSupplier(committed::get));
    });
  }

  /** A decoded row and its place in the file (1-based). */
  private record Numbered(CsvRowDecoder.Decoded decoded, long number) {}

  /** A failure the next link can get past: expired or refused URL, cut connection, torn body. */
  private static boolean resumable(Throwable e) {
    if (e instanceof ApiException api) {
      return api.status() == 403 || api.status() == 404 || api.status() >= 500;
    }
    return e instanceof TransportException || e instanceof DecodeException;
  }

  private Mono<Void> deliver(JobTracker job, List<Numbered> chunk, AtomicLong committed,
      AtomicLong committedNumber, Decorate decorate, @Nullable String cursor) {
    List<Row> rows = new ArrayList<>(chunk.size());
    for (Numbered n : chunk) {
      rows.add(decorate.apply(n.decoded().row(), n.number()));
    }
    List<Row> fresh = job.fresh(rows);
    Numbered last = chunk.get(chunk.size() - 1);
    long end = last.decoded().endOffset();
    Mono<Void> write = fresh.isEmpty() ? Mono.empty() : sink.write(job.job(), fresh);
    return write.then(Mono.defer(() -> {
      committed.set(end);
      committedNumber.set(last.number());
      return job.commit(fresh, null, cursor, end, false);
    }));
  }
}

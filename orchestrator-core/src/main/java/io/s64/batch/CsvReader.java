package io.s64.batch;

import io.s64.error.ApiException;
import io.s64.error.DecodeException;
import io.s64.error.TransportException;
import io.s64.internal.CsvRowDecoder;
import io.s64.model.Row;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
  private CsvReader() {}

  static Mono<Outcome> read(Run run, JobRun jr, String resourceHandleId) {
    Job.Resume resume = jr.job.resume();
    long[] committed = {resume == null ? 0 : resume.byteOffset()};
    @SuppressWarnings("unchecked")
    List<String>[] header = new List[1];
    if (committed[0] > 0) {
      jr.continueFromCheckpoint();
    } else {
      jr.restartFromFirstRow();
    }
    Mono<Void> attempt = Mono.defer(() -> {
      // Continue from the committed offset when the header is known; otherwise (nothing
      // committed yet, or a resumed run) read from the start for the header, skipping by offset.
      long from = header[0] != null && committed[0] > 0 ? committed[0] : 0;
      long skipUntil = committed[0];
      CsvRowDecoder decoder = new CsvRowDecoder(from, from > 0 ? header[0] : null);
      return run.client.downloadLink(resourceHandleId)
          .flatMapMany(link -> run.client.download(link, from))
          .concatMapIterable(decoder::feed)
          .concatWith(Flux.defer(() -> Flux.fromIterable(decoder.finish())))
          .doOnNext(d -> header[0] = decoder.header())
          .filter(d -> d.endOffset() > skipUntil)
          .buffer(run.settings.csvChunkRows())
          // A failed download waits for the write in progress: its rows are stored and committed,
          // and the next attempt continues after them instead of cancelling a write half done.
          .concatMapDelayError(chunk -> deliver(run, jr, chunk, committed), false, Queues.XS_BUFFER_SIZE)
          .then();
    });
    return attempt
        .retryWhen(Retry.from(signals -> signals.concatMap(s ->
            resumable(s.failure()) && s.totalRetries() + 1 < run.settings.downloadAttempts()
                ? Mono.delay(Duration.ofMillis(200L << Math.min(6, s.totalRetries())), run.client.scheduler())
                : Mono.error(s.failure()))))
        .then(Mono.defer(() -> run.record(new BatchEvent.Committed(jr.job.id(), jr.searchId, null,
            committed[0], jr.rows, 0, true))))
        .then(Mono.fromSupplier(() -> jr.completed(run.now())));
  }

  /** A failure the next link can get past: expired or refused URL, cut connection, torn body. */
  private static boolean resumable(Throwable e) {
    if (e instanceof ApiException) {
      int status = ((ApiException) e).status();
      return status == 403 || status == 404 || status >= 500;
    }
    return e instanceof TransportException || e instanceof DecodeException;
  }

  private static Mono<Void> deliver(Run run, JobRun jr, List<CsvRowDecoder.Decoded> chunk,
      long[] committed) {
    List<Row> rows = new ArrayList<>(chunk.size());
    for (CsvRowDecoder.Decoded d : chunk) {
      rows.add(d.row());
    }
    List<Row> fresh = jr.fresh(rows);
    long end = chunk.get(chunk.size() - 1).endOffset();
    Mono<Void> write = fresh.isEmpty() ? Mono.empty() : run.sink.write(jr.job, fresh);
    return write.then(Mono.defer(() -> {
      jr.delivered(fresh);
      committed[0] = end;
      return run.record(new BatchEvent.Committed(jr.job.id(), jr.searchId, null, end, jr.rows,
          fresh.size(), false));
    }));
  }
}

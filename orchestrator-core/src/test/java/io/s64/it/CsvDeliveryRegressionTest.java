package io.s64.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.s64.Sixtyfour;
import io.s64.batch.Batch;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.sink.RowSink;
import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import io.s64.error.TransportException;
import io.s64.http.HttpTransport;
import io.s64.model.DeepSearchRequest;
import io.s64.model.Row;
import io.s64.poll.PollSchedule;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/**
 * Issue 11, defect 1: a CSV download that breaks while the sink is writing a chunk must not lose
 * that chunk. The interleaving is forced, not hoped for: the download breaks only once the first
 * write has begun, and that write completes only once the reader has seen the break.
 */
class CsvDeliveryRegressionTest {
  private static final int ROWS = 200;
  /** Where the first download breaks: well past the first chunk, well before the end. */
  private static final long CUT_AT = 3000;

  /**
   * The real transport, except that the first download stops after {@link #CUT_AT} bytes and,
   * once the sink's first write has begun, fails as a reset connection.
   */
  static final class CutDuringWrite extends StorageFaults {
    final Sinks.Empty<Void> firstWriteBegan = Sinks.empty();
    final Sinks.Empty<Void> cut = Sinks.empty();

    CutDuringWrite(HttpTransport real) {
      super(real);
    }

    @Override
    Flux<ByteBuffer> faulty(int n, Flux<ByteBuffer> body) {
      if (n > 0) {
        return body;
      }
      return first(body, CUT_AT)
          .concatWith(firstWriteBegan.asMono()
              .then(Mono.error(new TransportException("connection reset by peer", false, null))))
          // Only once the reader has seen the failure may the write in progress complete.
          .doAfterTerminate(cut::tryEmitEmpty);
    }
  }

  /**
   * Keeps rows once a write completes. The first write completes only after the download was cut;
   * a write cancelled before it completes keeps nothing, as a sink whose write never finished.
   */
  static final class GatedSink implements RowSink {
    final List<Row> rows = new CopyOnWriteArrayList<>();
    final List<Integer> writes = new CopyOnWriteArrayList<>();
    final CutDuringWrite storage;

    GatedSink(CutDuringWrite storage) {
      this.storage = storage;
    }

    @Override
    public Mono<Void> write(Job job, List<Row> batch) {
      List<Row> copy = new ArrayList<>(batch);
      return Mono.defer(() -> {
        boolean first = writes.isEmpty();
        writes.add(copy.size());
        if (!first) {
          return Mono.fromRunnable(() -> rows.addAll(copy));
        }
        storage.firstWriteBegan.tryEmitEmpty();
        return storage.cut.asMono().then(Mono.fromRunnable(() -> rows.addAll(copy)));
      });
    }
  }

  @Test
  void aCsvDownloadCutDuringASinkWriteLosesNoRow() {
    try (Emulator emulator = Emulator.start(EmulatorConfig.builder().port(0).results(ROWS)
        .searchDuration(Duration.ofMillis(100), Duration.ofMillis(200)).build())) {
      CutDuringWrite storage = new CutDuringWrite(HttpTransport.netty(URI.create(emulator.baseUrl()),
          Duration.ofSeconds(5), Duration.ofSeconds(5), 8));
      Sixtyfour api = Sixtyfour.builder().apiKey("sk_csv_cut").baseUrl(emulator.baseUrl())
          .transport(storage).build();
      GatedSink sink = new GatedSink(storage);
      List<Outcome> outcomes = new ArrayList<>();
      StepVerifier.create(Batch.builder(api).csvResults(true).csvChunkRows(5)
              .poll(PollSchedule.defaults().withCadence(Duration.ofMillis(50))).build()
              .run(Flux.just(Job.deep("cut", DeepSearchRequest.of("CTOs in Porto"))), sink))
          .recordWith(() -> outcomes)
          .expectNextCount(1)
          .expectComplete()
          .verify(Duration.ofSeconds(30));

      assertEquals(2, storage.downloads.get(), "one cut download, one continuation");
      Outcome outcome = outcomes.get(0);
      assertEquals(Outcome.Status.COMPLETED, outcome.status(), outcome.toString());
      List<Object> ids = sink.rows.stream().map(r -> r.get("id")).collect(Collectors.toList());
      assertEquals(ROWS, ids.stream().distinct().count(),
          "every row the server has reaches the sink; writes were " + sink.writes);
      assertEquals(ROWS, ids.size(), "no row twice");
      assertEquals(ROWS, outcome.rows(), "the outcome counts the rows the sink took");
      assertEquals(Long.valueOf(ROWS), emulator.stats().rowsTotal().get(outcome.searchId()));
      api.close().block(Duration.ofSeconds(5));
    }
  }
}

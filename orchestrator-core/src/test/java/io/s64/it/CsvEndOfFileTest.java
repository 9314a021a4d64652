package io.s64.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.s64.Sixtyfour;
import io.s64.batch.Batch;
import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import io.s64.error.TransportException;
import io.s64.http.HttpTransport;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.model.DeepSearchRequest;
import io.s64.poll.PollSchedule;
import io.s64.sink.RowSink;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * A CSV download whose connection breaks after the last byte has arrived: every row is in the sink
 * and committed, so the continuation asks for the range that starts at the end of the file, which
 * storage answers 416. That means nothing is left to read, not a failure: the job completes.
 */
class CsvEndOfFileTest {
  private static final int ROWS = 60;

  /** The real transport, except that the first download breaks after its whole body. */
  static final class BreaksAfterTheLastByte extends StorageFaults {
    BreaksAfterTheLastByte(HttpTransport real) {
      super(real);
    }

    @Override
    Flux<ByteBuffer> faulty(int n, Flux<ByteBuffer> body) {
      return n > 0 ? body
          : body.concatWith(Mono.error(new TransportException("connection reset by peer", false, null)));
    }
  }

  @Test
  void aDownloadThatBreaksAfterItsLastByteCompletesTheJob() {
    try (Emulator emulator = Emulator.start(EmulatorConfig.builder().port(0).results(ROWS)
        .searchDuration(Duration.ofMillis(100), Duration.ofMillis(200)).build())) {
      BreaksAfterTheLastByte storage = new BreaksAfterTheLastByte(HttpTransport.netty(
          URI.create(emulator.baseUrl()), Duration.ofSeconds(5), Duration.ofSeconds(5), 8));
      Sixtyfour api = Sixtyfour.builder().apiKey("sk_csv_eof").baseUrl(emulator.baseUrl())
          .transport(storage).build();
      RowSink.InMemory sink = RowSink.inMemory();
      List<Outcome> outcomes = new ArrayList<>();
      StepVerifier.create(Batch.builder(api).csvResults(true).csvChunkRows(5)
              .poll(PollSchedule.defaults().withCadence(Duration.ofMillis(50))).build()
              .run(Flux.just(Job.deep("eof", DeepSearchRequest.of("CFOs in Lyon"))), sink))
          .recordWith(() -> outcomes)
          .expectNextCount(1)
          .expectComplete()
          .verify(Duration.ofSeconds(30));

      Outcome outcome = outcomes.get(0);
      assertEquals(Outcome.Status.COMPLETED, outcome.status(), outcome.toString());
      assertEquals(2, storage.downloads.get(), "the broken download and its continuation");
      assertEquals(ROWS, sink.rows("eof").size(), "every row once");
      assertEquals(ROWS, outcome.rows());
      assertEquals(0L, storage.offsets.get(0));
      assertEquals(true, storage.offsets.get(1) > 0, "the continuation starts at the end: " + storage.offsets);
      api.close().block(Duration.ofSeconds(5));
    }
  }

  /** The real transport, except that the first {@code cuts} downloads break after a few bytes each. */
  static final class BreaksEveryFewBytes extends StorageFaults {
    final int cuts;

    BreaksEveryFewBytes(HttpTransport real, int cuts) {
      super(real);
      this.cuts = cuts;
    }

    @Override
    Flux<ByteBuffer> faulty(int n, Flux<ByteBuffer> body) {
      return n >= cuts ? body : first(body, 1500)
          .concatWith(Mono.error(new TransportException("connection reset by peer", false, null)));
    }
  }

  @Test
  void aLongDownloadThatBreaksAgainAndAgainAfterProgressIsReadToItsEnd() {
    try (Emulator emulator = Emulator.start(EmulatorConfig.builder().port(0).results(200)
        .searchDuration(Duration.ofMillis(100), Duration.ofMillis(200)).build())) {
      // Eight breaks, more than the six attempts a download gets in a row without progress.
      BreaksEveryFewBytes storage = new BreaksEveryFewBytes(HttpTransport.netty(
          URI.create(emulator.baseUrl()), Duration.ofSeconds(5), Duration.ofSeconds(5), 8), 8);
      Sixtyfour api = Sixtyfour.builder().apiKey("sk_csv_breaks").baseUrl(emulator.baseUrl())
          .transport(storage).build();
      RowSink.InMemory sink = RowSink.inMemory();
      List<Outcome> outcomes = new ArrayList<>();
      StepVerifier.create(Batch.builder(api).csvResults(true).csvChunkRows(2)
              .poll(PollSchedule.defaults().withCadence(Duration.ofMillis(50))).build()
              .run(Flux.just(Job.deep("long", DeepSearchRequest.of("Founders in Ghent"))), sink))
          .recordWith(() -> outcomes)
          .expectNextCount(1)
          .expectComplete()
          .verify(Duration.ofSeconds(60));

      Outcome outcome = outcomes.get(0);
      assertEquals(Outcome.Status.COMPLETED, outcome.status(), outcome.toString());
      assertEquals(9, storage.downloads.get(), "eight broken downloads and the last one");
      assertEquals(200, sink.rows("long").size());
      assertEquals(200, sink.rows("long").stream().map(r -> r.get("id")).distinct().count());
      api.close().block(Duration.ofSeconds(5));
    }
  }
}

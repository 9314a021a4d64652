package io.s64.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.Sixtyfour;
import io.s64.batch.Batch;
import io.s64.sink.RowSink;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import io.s64.error.ApiException;
import io.s64.http.HttpTransport;
import io.s64.model.DeepSearchRequest;
import io.s64.model.Row;
import io.s64.poll.PollSchedule;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A signed URL that expires in the middle of a download: the reader asks for a new link and
 * continues from the last committed row with a range request, without repeating or losing a row.
 */
class CsvResumeTest {

  /** The real transport, except that the first download of a file stops with a 403 after 3 kB. */
  static final class ExpiringStorage extends StorageFaults {
    ExpiringStorage(HttpTransport real) {
      super(real);
    }

    @Override
    Flux<ByteBuffer> faulty(int n, Flux<ByteBuffer> body) {
      if (n > 0) {
        return body;
      }
      long[] sent = {0};
      return body
          .takeWhile(b -> sent[0] < 3000)
          .doOnNext(b -> sent[0] += b.remaining())
          .concatWith(Mono.error(new ApiException("GET signed download URL", 403,
              "AccessDenied Request has expired", List.of())));
    }
  }

  @Test
  void anExpiredLinkMidDownloadContinuesFromTheLastCommittedRow() {
    try (Emulator emulator = Emulator.start(EmulatorConfig.builder().port(0).results(120)
        .searchDuration(Duration.ofMillis(100), Duration.ofMillis(200)).build())) {
      ExpiringStorage storage = new ExpiringStorage(HttpTransport.netty(URI.create(emulator.baseUrl()),
          Duration.ofSeconds(5), Duration.ofSeconds(5), 8));
      Sixtyfour api = Sixtyfour.builder().apiKey("sk_csv").baseUrl(emulator.baseUrl()).transport(storage).build();
      RowSink.InMemory sink = RowSink.inMemory();
      List<Outcome> outcomes = Batch.builder(api).csvResults(true).csvChunkRows(10)
          .poll(PollSchedule.defaults().withCadence(Duration.ofMillis(50))).build()
          .run(Flux.just(Job.deep("csv", DeepSearchRequest.of("CTOs in Lisbon"))), sink)
          .collectList().block(Duration.ofSeconds(30));
      assertEquals(Outcome.Status.COMPLETED, outcomes.get(0).status(), outcomes.toString());
      List<String> ids = sink.rows("csv").stream().map(r -> String.valueOf(r.get("id"))).collect(Collectors.toList());
      assertEquals(120, ids.size());
      assertEquals(120, ids.stream().distinct().count());
      assertEquals(2, storage.offsets.size(), "one failed download, one continuation: " + storage.offsets);
      assertEquals(0L, storage.offsets.get(0));
      assertEquals(2, emulator.stats().requests("GET /search/download"), "a fresh link for the retry");
      assertEquals(2, storage.downloads.get());
      long fileSize = api.download(api.downloadLink(
              api.searchStatus(outcomes.get(0).taskId()).block(Duration.ofSeconds(5)).resourceHandleId())
          .block(Duration.ofSeconds(5)), 0).map(ByteBuffer::remaining).reduce(0, Integer::sum).block(Duration.ofSeconds(5));
      assertTrue(storage.offsets.get(1) > 0 && storage.offsets.get(1) < fileSize,
          "continued with a range from the committed row, not from 0: " + storage.offsets + " of " + fileSize);
      Row first = sink.rows("csv").get(0);
      assertTrue(first.fields().containsKey("full_name"));
      api.close().block(Duration.ofSeconds(5));
    }
  }
}

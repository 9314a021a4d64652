package io.s64.runner.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.s64.batch.Job;
import io.s64.batch.RowSink;
import io.s64.model.DeepSearchRequest;
import io.s64.model.Row;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class DrainingRowSinkTest {
  private static final Job JOB = Job.deep("a", DeepSearchRequest.of("q"));

  @Test
  void aCancelledWriteStillFinishesAndCloseWaitsForIt() {
    Sinks.Empty<Void> storage = Sinks.empty();
    int[] closed = {0};
    DrainingRowSink sink = new DrainingRowSink(new RowSink() {
      @Override
      public Mono<Void> write(Job job, List<Row> rows) {
        return storage.asMono();
      }

      @Override
      public Mono<Void> close() {
        return Mono.fromRunnable(() -> closed[0]++);
      }
    });
    Disposable write = sink.write(JOB, List.of(Row.of(Map.of("id", 1)), Row.of(Map.of("id", 2))))
        .subscribe();
    write.dispose();
    StepVerifier.create(sink.close())
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(50))
        .then(storage::tryEmitEmpty)
        .expectComplete()
        .verify(Duration.ofSeconds(5));
    assertEquals(1, closed[0]);
    assertEquals(2, sink.rows(), "the cancelled write was counted once it finished");
  }

  @Test
  void countsRowsOfCompletedWrites() {
    DrainingRowSink sink = new DrainingRowSink(RowSink.discarding());
    StepVerifier.create(sink.write(JOB, List.of(Row.of(Map.of("id", 1))))).expectComplete()
        .verify(Duration.ofSeconds(5));
    StepVerifier.create(sink.write(JOB, List.of(Row.of(Map.of("id", 2)), Row.of(Map.of("id", 3)))))
        .expectComplete().verify(Duration.ofSeconds(5));
    assertEquals(3, sink.rows());
  }
}

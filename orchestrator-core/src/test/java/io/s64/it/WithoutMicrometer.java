package io.s64.it;

import io.s64.Sixtyfour;
import io.s64.batch.Batch;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.model.DeepSearchRequest;
import io.s64.model.DeepSearchRequest.Mode;
import io.s64.model.QueryRequest;
import io.s64.poll.PollSchedule;
import io.s64.sink.RowSink;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;

/**
 * Runs a small batch in a JVM without Micrometer on its class path ({@link
 * WithoutMicrometerTest} starts it): the client and the batch must neither need nor load it.
 * Prints one line per outcome and exits 0, or fails.
 */
public final class WithoutMicrometer {
  private WithoutMicrometer() {}

  public static void main(String[] args) {
    try {
      Class.forName("io.micrometer.core.instrument.MeterRegistry");
      throw new IllegalStateException("Micrometer is on the class path: the test proves nothing");
    } catch (ClassNotFoundException expected) {
      System.out.println("micrometer absent");
    }
    Sixtyfour api = Sixtyfour.builder().apiKey("sk_no_micrometer").baseUrl(args[0]).build();
    Batch batch = Batch.builder(api)
        .poll(PollSchedule.defaults().withCadence(Duration.ofMillis(100)))
        .build();
    List<Job> jobs = List.of(
        Job.deep("deep-1", DeepSearchRequest.of("founders in Lisbon").withMaxResults(30)),
        Job.deep("deep-2", DeepSearchRequest.of("founders in Porto").withMaxResults(30)),
        Job.query("filter-1", QueryRequest.simpleFilters(Map.of("employees_count", Map.of("$gte", 5)))
            .withMode(Mode.COMPANY).withMaxResults(40)));
    List<Outcome> outcomes = batch.run(Flux.fromIterable(jobs), RowSink.inMemory())
        .collectList().block(Duration.ofSeconds(60));
    for (Outcome o : outcomes) {
      System.out.println(o.jobId() + " " + o.status().wire() + " " + o.rows());
    }
    System.out.println("balance " + api.creditBalance().block(Duration.ofSeconds(10)));
    api.close().block(Duration.ofSeconds(5));
  }
}

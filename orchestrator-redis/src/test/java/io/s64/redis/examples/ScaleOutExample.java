package io.s64.redis.examples;

import io.s64.Sixtyfour;
import io.s64.batch.Batch;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.model.DeepSearchRequest;
import io.s64.redis.RedisCoordination;
import io.s64.sink.RowSink;
import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The README's scale-out example, run by {@link ScaleOutExampleTest}. */
final class ScaleOutExample {
  private ScaleOutExample() {}

  // README:begin replica
  /** One per replica of a WebFlux service; every replica has the same Redis URL and API key. */
  static final class ProspectService implements AutoCloseable {
    private final RedisCoordination redis;
    private final Sixtyfour api;
    private final Batch batch;

    ProspectService(String redisUrl, String apiKey, String baseUrl) {
      redis = RedisCoordination.connect(redisUrl, apiKey); // one budget, 5 slots, for all replicas
      api = redis.client(Sixtyfour.builder().apiKey(apiKey).baseUrl(baseUrl));
      batch = Batch.builder(api).registry(redis.registry()).build(); // shared exports and dedup
    }

    /** The handler of POST /prospects: WebFlux subscribes to the Mono it returns. */
    Mono<Outcome> prospect(String requestId, String query) {
      Job job = Job.deep(requestId, DeepSearchRequest.of(query).withMaxResults(50));
      return batch.run(Flux.just(job), RowSink.discarding()).next();
    }

    @Override
    public void close() {
      api.close().block(Duration.ofSeconds(10));
      redis.close(); // its leases, if any, are adopted by the other replicas
    }
  }
  // README:end replica
}

package io.s64.redis.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.s64.Sixtyfour;
import io.s64.batch.Batch;
import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.model.DeepSearchRequest;
import io.s64.poll.PollSchedule;
import io.s64.redis.RedisCoordination;
import io.s64.redis.testing.TestRedis;
import io.s64.sink.RowSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * Identical deep search jobs submitted to one queue and taken by different workers start one
 * search: each worker derives its job's own search id from the job id, and the shared registry
 * makes the second worker use the first one's, which the API answers with the search already
 * running.
 */
class QueueSharedDedupAgainstEmulatorTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final String apiKey = TestRedis.freshApiKey();
  private final List<RedisCoordination> coordinations = new ArrayList<>();
  private final List<Sixtyfour> clients = new ArrayList<>();
  private Emulator emulator;
  private JobQueue queue;

  @AfterEach
  void stop() {
    clients.forEach(c -> c.close().block(Duration.ofSeconds(5)));
    coordinations.forEach(RedisCoordination::close);
    if (queue != null) {
      queue.close().block(WAIT);
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  private static Job decode(String id, String text) {
    return Job.deep(id, DeepSearchRequest.of(text).withMaxResults(15));
  }

  @Test
  void identicalDeepSearchJobsTakenByDifferentWorkersStartOneSearch() {
    emulator = Emulator.start(EmulatorConfig.builder().port(0).seed(7).apiKeys(List.of(apiKey))
        .rateLimit(40).rateWindow(Duration.ofSeconds(1)).slots(5)
        .searchDuration(Duration.ofMillis(1500), Duration.ofMillis(1500)).build());
    queue = JobQueue.connect(TestRedis.url(), "dedup-" + UUID.randomUUID()).block(WAIT);
    queue.submit("a", "CTOs of fintech startups in Lisbon").block(WAIT);
    queue.submit("b", "CTOs of fintech startups in Lisbon").block(WAIT);

    List<Flux<Outcome>> runs = new ArrayList<>();
    List<String> searchIds = new ArrayList<>();
    for (String name : List.of("w1", "w2")) {
      RedisCoordination shared = RedisCoordination.builder(TestRedis.url(), apiKey)
          .rateLimit(40, Duration.ofSeconds(1)).holder(name).connect();
      coordinations.add(shared);
      Sixtyfour client = shared.client(Sixtyfour.builder().apiKey(apiKey)
          .baseUrl(emulator.baseUrl()).allowInsecureHttp(true));
      clients.add(client);
      QueueWorker worker = queue.worker(name, Duration.ofSeconds(30));
      Job job = worker.jobs(QueueSharedDedupAgainstEmulatorTest::decode, 1, false).blockFirst(WAIT);
      assertNotNull(job);
      searchIds.add(((Job.DeepSearch) job).request().searchId());
      Batch batch = Batch.builder(client)
          .poll(PollSchedule.defaults().withCadence(Duration.ofMillis(100)))
          .registry(shared.registry())
          .build();
      runs.add(batch.run(Flux.just(job), RowSink.discarding()));
    }
    assertNotEquals(searchIds.get(0), searchIds.get(1), "each job derives its own search id");

    List<Outcome> outcomes = Flux.merge(runs).collectList().block(WAIT);
    assertEquals(2, outcomes.size());
    outcomes.forEach(o -> assertEquals(Outcome.Status.COMPLETED, o.status(), o.toString()));
    assertEquals(outcomes.get(0).taskId(), outcomes.get(1).taskId(), "one task for both jobs");
    assertEquals(outcomes.get(0).rows(), outcomes.get(1).rows());
    assertEquals(1, emulator.stats().searchesCreated(), "one search started for both");
  }
}

package io.s64.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.s64.Sixtyfour;
import io.s64.batch.Batch;
import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import io.s64.emulator.EmulatorStats;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.model.DeepSearchRequest;
import io.s64.poll.PollSchedule;
import io.s64.redis.testing.TestRedis;
import io.s64.sink.RowSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** The shared export registry and search claims, between two replicas on one key. */
class SharedRegistryAgainstEmulatorTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private final String apiKey = TestRedis.freshApiKey();
  private final List<RedisCoordination> coordinations = new ArrayList<>();
  private final List<Sixtyfour> clients = new ArrayList<>();
  private Emulator emulator;

  @BeforeEach
  void start() {
    emulator = Emulator.start(EmulatorConfig.builder().port(0).seed(3).apiKeys(List.of(apiKey))
        .rateLimit(200).rateWindow(Duration.ofSeconds(1))
        .searchDuration(Duration.ofMillis(600), Duration.ofMillis(600))
        .exportDuration(Duration.ofMillis(800), Duration.ofMillis(800)).build());
  }

  @AfterEach
  void stop() {
    clients.forEach(c -> c.close().block(Duration.ofSeconds(5)));
    coordinations.forEach(RedisCoordination::close);
    emulator.close();
  }

  private Batch replica() {
    RedisCoordination redis = RedisCoordination.builder(TestRedis.url(), apiKey)
        .rateLimit(200, Duration.ofSeconds(1)).connect();
    coordinations.add(redis);
    Sixtyfour client = redis.client(Sixtyfour.builder().apiKey(apiKey).baseUrl(emulator.baseUrl())
        .allowInsecureHttp(true));
    clients.add(client);
    return Batch.builder(client)
        .poll(PollSchedule.defaults().withCadence(Duration.ofMillis(100)))
        .exportPoll(PollSchedule.defaults().withCadence(Duration.ofMillis(100)))
        .slotsBusyBackoff(Duration.ofMillis(100), Duration.ofSeconds(1))
        .registry(redis.registry())
        .build();
  }

  @Test
  void aConflictCausedByAnotherReplicasExportAttachesToThatExport() {
    Batch a = replica();
    Batch b = replica();
    Outcome search = a.run(Flux.just(Job.deep("search", DeepSearchRequest.of("heads of growth"))),
        RowSink.discarding()).blockLast(WAIT);
    String searchId = search.searchId();
    List<Outcome> outcomes = Flux.merge(
            a.run(Flux.just(Job.export("export-a", searchId)), RowSink.discarding()),
            b.run(Flux.just(Job.export("export-b", searchId)), RowSink.discarding()))
        .collectList().block(WAIT);
    outcomes.forEach(o -> assertEquals(Outcome.Status.COMPLETED, o.status(), o.toString()));
    EmulatorStats stats = emulator.stats();
    assertEquals(1, stats.exportsCreated(), "one export, the other replica attached to it");
    assertEquals(outcomes.get(0).rows(), outcomes.get(1).rows());
  }

  @Test
  void identicalDeepSearchJobsInTwoReplicasStartOneSearch() {
    Batch a = replica();
    Batch b = replica();
    DeepSearchRequest same = DeepSearchRequest.of("VPs of sales at logistics firms");
    List<Outcome> outcomes = Flux.merge(
            a.run(Flux.just(Job.deep("job-a", same)), RowSink.discarding()),
            b.run(Flux.just(Job.deep("job-b", same)), RowSink.discarding()))
        .collectList().block(WAIT);
    outcomes.forEach(o -> assertEquals(Outcome.Status.COMPLETED, o.status(), o.toString()));
    assertEquals(outcomes.get(0).searchId(), outcomes.get(1).searchId());
    assertEquals(1, emulator.stats().searchesCreated(), "one paid search");
  }
}

package io.s64.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.RetryPolicy;
import io.s64.Sixtyfour;
import io.s64.batch.Batch;
import io.s64.sink.RowSink;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import io.s64.model.DeepSearchRequest;
import io.s64.model.DeepSearchRequest.Mode;
import io.s64.model.QueryRequest;
import io.s64.poll.PollSchedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Runs whole batches (deep searches with CSV and page results, filter queries, exports, faults,
 * a JSON-lines sink) with BlockHound installed: any blocking call on a Reactor or Netty thread
 * fails the test. Runs in a fork of its own (see the pom).
 */
class PipelineBlockHoundTest {
  private static final List<String> VIOLATIONS = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void install() {
    BlockHound.install(builder -> builder.blockingMethodCallback(method -> {
      VIOLATIONS.add(method.toString());
      throw new BlockingOperationError(method);
    }));
  }

  @Test
  void blockHoundIsActive() {
    // A call BlockHound forbids on a non-blocking thread (no waiting involved): proves it is on.
    VIOLATIONS.clear();
    StepVerifier.create(Mono.fromCallable(() -> {
          Thread.yield();
          return 1;
        }).subscribeOn(Schedulers.parallel()))
        .expectErrorSatisfies(e -> {
          assertInstanceOf(BlockingOperationError.class, e);
          assertTrue(e.getMessage().contains("java.lang.Thread.yield"), e.getMessage());
        })
        .verify(Duration.ofSeconds(5));
    assertEquals(1, VIOLATIONS.size(), VIOLATIONS.toString());
    assertTrue(VIOLATIONS.get(0).contains("yield"), VIOLATIONS.toString());
    VIOLATIONS.clear();
  }

  @Test
  void aWholeBatchNeverBlocksANonBlockingThread(@TempDir Path dir) throws Exception {
    try (Emulator emulator = Emulator.start(EmulatorConfig.builder().port(0).seed(3)
        .searchDuration(Duration.ofMillis(200), Duration.ofMillis(600))
        .exportDuration(Duration.ofMillis(100), Duration.ofMillis(200))
        .faultRate(0.1).slowResponseDelay(Duration.ofSeconds(1)).downloadCut(0.2).shortPages(true)
        .workflowRowTime(Duration.ofMillis(1))
        .build())) {
      Sixtyfour api = Sixtyfour.builder().apiKey("sk_blockhound").baseUrl(emulator.baseUrl())
          .responseTimeout(Duration.ofMillis(500))
          .retry(RetryPolicy.defaults().withMaxAttempts(8).withBackoff(Duration.ofMillis(10), Duration.ofMillis(100)))
          .build();
      PollSchedule fast = PollSchedule.defaults().withCadence(Duration.ofMillis(100));
      Path results = dir.resolve("results.jsonl");
      RowSink sink = RowSink.jsonLines(results);
      List<Job> jobs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        jobs.add(Job.deep("deep-" + i, DeepSearchRequest.of("blockhound query " + i).withMaxResults(30)));
        jobs.add(Job.query("filter-" + i, QueryRequest.simpleFilters(Map.of("n", Map.of("$gte", i)))
            .withMode(Mode.COMPANY).withPageSize(10).withMaxResults(25)));
      }
      List<Outcome> pages = Batch.builder(api).poll(fast).build()
          .run(Flux.fromIterable(jobs), sink).collectList().block(Duration.ofSeconds(60));
      List<Outcome> csv = Batch.builder(api).poll(fast).exportPoll(fast).csvResults(true).build()
          .run(Flux.just(Job.deep("csv", DeepSearchRequest.of("csv path")),
              Job.export("export", pages.stream().filter(o -> o.jobId().equals("deep-0"))
                  .findFirst().orElseThrow().searchId())), sink)
          .collectList().block(Duration.ofSeconds(60));
      List<Outcome> workflow = Batch.builder(api).workflowPoll(fast).build()
          .run(Flux.just(Job.workflow("workflow", WorkflowAgainstEmulatorTest.LEADS,
              WorkflowAgainstEmulatorTest.leads(120, -1, ""), 50, false)), sink)
          .collectList().block(Duration.ofSeconds(60));
      csv = new ArrayList<>(csv);
      csv.addAll(workflow);
      sink.close().block(Duration.ofSeconds(5));
      api.close().block(Duration.ofSeconds(5));
      assertEquals(List.of(), VIOLATIONS);
      assertEquals(16, pages.size());
      assertEquals(3, csv.size(), "two CSV jobs and a workflow job of three runs");
      assertTrue(pages.stream().allMatch(o -> o.status() == Outcome.Status.COMPLETED), pages.toString());
      assertTrue(csv.stream().allMatch(o -> o.status() == Outcome.Status.COMPLETED), csv.toString());
      long lines = Files.lines(results).count();
      long rows = pages.stream().mapToLong(Outcome::rows).sum() + csv.stream().mapToLong(Outcome::rows).sum();
      assertEquals(rows, lines);
    }
  }
}

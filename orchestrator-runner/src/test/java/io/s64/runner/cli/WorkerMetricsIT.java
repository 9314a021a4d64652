package io.s64.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

/**
 * {@code s64 worker --metrics-port}, on the real s64 process with a real redis-server and the
 * emulator: the worker's one registry holds its client's and its batch's meters, served while it
 * runs and gone when it stops.
 */
class WorkerMetricsIT {
  private static final String KEY = "sk_worker_metrics_it_secret";
  private static final String QUEUE = "metered";
  private static final int DEEP = 5;
  private static final Duration RUN = Duration.ofSeconds(90);
  private static final Pattern METRICS_URL = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/metrics");

  @TempDir Path work;
  private Emulator emulator;
  private RedisServer redis;
  private Cli cli;
  private Cli.Run worker;

  @BeforeEach
  void start() throws IOException {
    emulator = Emulator.start(EmulatorConfig.builder().port(0).seed(23).slots(5)
        .searchDuration(Duration.ofMillis(800), Duration.ofMillis(1600)).build());
    redis = new RedisServer(work.resolve("redis"));
    cli = new Cli(work).env("SIXTYFOUR_API_KEY", KEY);
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (worker != null && worker.process.isAlive()) { // a failed assertion left it running
      worker.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    redis.close();
    emulator.close();
  }

  @Test
  void metricsPortServesTheWorkersClientAndBatchMetersWhileItRuns() throws Exception {
    Cli.Run refused = cli.run(RUN, "worker", "--redis", redis.url(), "--queue", QUEUE,
        "--metrics-port", "65536");
    assertEquals(2, refused.process.exitValue(), refused.stderr());
    assertTrue(refused.stderr().contains("--metrics-port must be in 0..65535 but was 65536"),
        refused.stderr());
    String taken = Integer.toString(URI.create(emulator.baseUrl()).getPort());
    Cli.Run busy = cli.run(RUN, "worker", "--redis", redis.url(), "--queue", QUEUE,
        "--metrics-port", taken);
    assertEquals(2, busy.process.exitValue(), busy.stderr());
    assertTrue(busy.stderr().contains("--metrics-port " + taken + ": cannot listen on 127.0.0.1:"
        + taken), busy.stderr());

    List<String> lines = new ArrayList<>();
    for (int i = 0; i < DEEP; i++) {
      lines.add("{\"id\":\"job-Tartu-" + i + "\",\"query\":\"founders in Tartu " + i
          + "\",\"max_results\":20}");
    }
    Inputs.write(work, "jobs.jsonl", lines);
    Cli.Run submit = cli.run(RUN, "submit", "--redis", redis.url(), "--queue", QUEUE, "jobs.jsonl");
    assertEquals(0, submit.process.exitValue(), submit.stderr());

    // No --until-empty: the worker keeps serving its meters until it is stopped below.
    worker = cli.start("worker", "--redis", redis.url(), "--queue", QUEUE, "--name", "w1",
        "--base-url", emulator.baseUrl(), "--slots", "2", "--poll-interval", "200ms",
        "--metrics-port", "0");
    FileWatch.await(work, worker, RUN, "the meters' URL",
        dir -> METRICS_URL.matcher(worker.stderr()).find());
    Matcher url = METRICS_URL.matcher(worker.stderr());
    assertTrue(url.find());
    assertTrue(worker.stderr().contains("s64 worker w1: serving its meters on " + url.group()),
        worker.stderr());

    String jobsDone = "s64_batch_jobs_total{kind=\"deep\",reason=\"none\",status=\"completed\"} "
        + DEEP + ".0";
    String text = Flux.interval(Duration.ofMillis(100))
        .map(tick -> {
          assertTrue(worker.process.isAlive(), "the worker ended: " + worker.stderr());
          HttpResponse<String> scrape = get(url.group());
          assertEquals(200, scrape.statusCode());
          return scrape.body();
        })
        .filter(body -> body.contains(jobsDone))
        .blockFirst(RUN);
    assertNotNull(text);
    assertEquals(DEEP, emulator.stats().searchesCreated());
    assertTrue(text.contains("s64_client_requests_seconds_count{operation=\"POST /search/start-deep-search\","
        + "outcome=\"SUCCESS\",status=\"2xx\"} " + DEEP + "\n"), text);
    assertTrue(text.contains("s64_client_requests_seconds_count{operation=\"GET /search/status\","), text);
    assertTrue(text.contains("s64_batch_rows_total "), text);
    assertTrue(text.contains("s64_deep_search_duration_seconds_count " + DEEP + "\n"), text);
    assertFalse(text.contains(KEY), "the API key in a meter");
    assertFalse(text.contains("Tartu") || text.contains("job-"), "a query or a job id in a tag");

    worker.process.destroy(); // SIGTERM: the worker hands its jobs over and stops
    assertEquals(130, worker.exit(RUN), worker.stderr());
    assertFalse(worker.stderr().contains(KEY), "the API key in the worker's log");
    UncheckedIOException gone = assertThrows(UncheckedIOException.class, () -> get(url.group()),
        "the endpoint ends with the worker");
    assertTrue(gone.getCause() instanceof ConnectException, gone.toString());
  }

  private static HttpResponse<String> get(String url) {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

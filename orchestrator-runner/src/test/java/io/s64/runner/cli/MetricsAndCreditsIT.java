package io.s64.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --metrics-port} and {@code --max-credits}, on the real s64 process. */
class MetricsAndCreditsIT {
  private static final String KEY = "sk_metrics_credits_it_secret";
  private static final Duration RUN = Duration.ofSeconds(90);
  private static final Pattern METRICS_URL = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/metrics");

  @TempDir Path work;
  private Emulator emulator;

  @AfterEach
  void stop() {
    if (emulator != null) {
      emulator.close();
    }
  }

  private static List<String> deep(int n, String city) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      lines.add("{\"id\":\"job-" + city + "-" + i + "\",\"query\":\"founders in " + city + " " + i
          + "\",\"max_results\":30}");
    }
    return lines;
  }

  @Test
  void metricsPortServesPrometheusTextOnLoopbackWhileTheRunLasts() throws Exception {
    emulator = Emulator.start(EmulatorConfig.builder().port(0).seed(9)
        .searchDuration(Duration.ofSeconds(2), Duration.ofSeconds(3)).build());
    Inputs.write(work, "in.jsonl", deep(6, "Tallinn"));
    Cli.Run run = new Cli(work).env("SIXTYFOUR_API_KEY", KEY).start("run", "in.jsonl", "--out", "out",
        "--base-url", emulator.baseUrl(), "--slots", "2", "--poll-interval", "200ms",
        "--progress", "plain", "--metrics-port", "0");
    FileWatch.await(work, run, RUN, "an outcome while the run goes on",
        dir -> FileWatch.count(dir.resolve("out").resolve("outcomes.jsonl"), "completed") >= 1);
    Matcher url = METRICS_URL.matcher(run.stderr());
    assertTrue(url.find(), "the run says where its meters are: " + run.stderr());

    HttpResponse<String> scrape = get(url.group());
    assertEquals(200, scrape.statusCode());
    assertTrue(scrape.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
    String text = scrape.body();
    assertTrue(text.contains("s64_client_requests_seconds_count{operation=\"POST /search/start-deep-search\",outcome=\"SUCCESS\",status=\"2xx\"}"), text);
    assertTrue(text.contains("s64_batch_jobs_total{kind=\"deep\",reason=\"none\",status=\"completed\"}"), text);
    assertTrue(text.contains("s64_slots_capacity 2.0"), text);
    assertTrue(text.contains("s64_budget_waiting{lane=\"slot\"}"), text);
    assertTrue(text.contains("s64_deep_search_duration_seconds_count"), text);
    assertFalse(text.contains(KEY) || text.contains("Tallinn") || text.contains("job-"),
        "no key, query or job id in a tag");
    assertEquals(404, get(url.group().replace("/metrics", "/other")).statusCode());

    assertEquals(0, run.exit(RUN), run.stderr());
    assertThrows(ConnectException.class, () -> get(url.group()), "the endpoint ends with the run");
  }

  @Test
  void maxCreditsCancelsThePaidJobsItCannotAffordAndSummaryShowsTheSpending() throws Exception {
    emulator = Emulator.start(EmulatorConfig.builder().port(0).seed(9)
        .searchDuration(Duration.ofMillis(200), Duration.ofMillis(400))
        .credits(new BigDecimal("1000")).priceDeepSearch(new BigDecimal("2")).build());
    Inputs.write(work, "in.jsonl", deep(8, "Riga"));
    Cli.Run run = new Cli(work).env("SIXTYFOUR_API_KEY", KEY).run(RUN, "run", "in.jsonl",
        "--out", "out", "--base-url", emulator.baseUrl(), "--slots", "1",
        "--poll-interval", "100ms", "--progress", "plain", "--max-credits", "4");

    assertEquals(1, run.exit(RUN), "cancelled jobs make the exit 1: " + run.stderr());
    List<JsonNode> outcomes = OutFolder.lines(work.resolve("out").resolve("outcomes.jsonl"));
    assertEquals(8, outcomes.size());
    long completed = outcomes.stream().filter(o -> o.get("status").asText().equals("completed")).count();
    List<JsonNode> cancelled = outcomes.stream()
        .filter(o -> o.get("status").asText().equals("cancelled")).toList();
    assertEquals(2, completed, "two searches of 2 credits reach the limit of 4");
    assertEquals(6, cancelled.size());
    for (JsonNode o : cancelled) {
      assertEquals("CREDIT_LIMIT", o.get("error").asText(), o.toString());
      assertTrue(o.get("task_id").isNull(), "nothing was started for it: " + o);
    }
    assertEquals(2, emulator.stats().searchesCreated());
    assertEquals(0, new BigDecimal("996").compareTo(emulator.credits()));

    JsonNode credits = OutFolder.JSON.readTree(work.resolve("out").resolve("summary.json").toFile())
        .get("credits");
    assertEquals(0, new BigDecimal("1000").compareTo(credits.get("balance_at_start").decimalValue()));
    assertEquals(0, new BigDecimal("996").compareTo(credits.get("balance_at_end").decimalValue()));
    assertEquals(0, new BigDecimal("4").compareTo(credits.get("spent").decimalValue()));
    assertEquals(0, new BigDecimal("4").compareTo(credits.get("max").decimalValue()));
    assertTrue(credits.get("charged_by_jobs").isNull(), "deep searches report no per-job charge");
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}

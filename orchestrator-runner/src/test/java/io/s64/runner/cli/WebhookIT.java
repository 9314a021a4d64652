package io.s64.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s64.Sixtyfour;
import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import io.s64.model.JobStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: {@code s64 run} starts people and company intelligence jobs with a {@code
 * webhook_url}; the emulator delivers signed webhooks (dual-signed, as during a secret rotation)
 * to {@code s64 webhook listen}; the stored events match {@code /job-status} and the run's rows.
 */
class WebhookIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "sk-test-webhooks-not-a-real-key";
  private static final String NEW = "sk_whsec_1111111111111111111111111111111111111111111111111111111111111111";
  private static final String OLD = "sk_whsec_2222222222222222222222222222222222222222222222222222222222222222";
  private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");

  @TempDir Path work;
  private Emulator emulator;

  @BeforeEach
  void start() {
    emulator = Emulator.start(EmulatorConfig.builder().port(0).seed(9)
        .enrichDuration(Duration.ofMillis(300), Duration.ofMillis(900))
        .webhookSecrets(NEW, OLD)
        .build());
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void signedDeliveriesAreStoredOnceAndMatchJobStatus() throws Exception {
    Cli cli = new Cli(work).env("SIXTYFOUR_API_KEY", KEY).env("SIXTYFOUR_WEBHOOK_SECRET", NEW);
    Cli.Run listener = cli.start("webhook", "listen", "--port", "0", "--out", "hooks");
    FileWatch.await(work, listener, Duration.ofSeconds(30), "the listening line",
        d -> LISTENING.matcher(listener.stdout()).find());
    Matcher m = LISTENING.matcher(listener.stdout());
    assertTrue(m.find());
    String hook = m.group(1) + "/sixtyfour/events";

    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      lines.add("{\"id\":\"p" + i + "\",\"people_intelligence\":{\"lead_info\":{\"name\":\"Person " + i
          + "\",\"company\":\"Acme\"},\"struct\":{\"email\":\"work email\",\"title\":\"current title\"},"
          + "\"webhook_url\":\"" + hook + "\"}}");
    }
    for (int i = 0; i < 2; i++) {
      lines.add("{\"id\":\"c" + i + "\",\"company_intelligence\":{\"target_company\":{\"company_name\":"
          + "\"Company " + i + "\"},\"struct\":{\"revenue\":\"annual revenue\"},\"find_people\":true,"
          + "\"webhook_url\":\"" + hook + "\"}}");
    }
    Inputs.write(work, "enrich.jsonl", lines);
    Cli.Run run = cli.run(Duration.ofSeconds(90), "run", "enrich.jsonl", "--out", "out", "--base-url",
        emulator.baseUrl(), "--poll-interval", "200ms", "--progress", "none");
    assertEquals(0, run.process.exitValue(), run.stderr());

    Path events = work.resolve("hooks").resolve("events.jsonl");
    FileWatch.await(work.resolve("hooks"), listener, Duration.ofSeconds(30), "8 stored events",
        d -> FileWatch.count(events, "\"event_id\"") >= 8);
    Map<String, JsonNode> byTask = new HashMap<>();
    for (String line : Files.readAllLines(events)) {
      JsonNode e = JSON.readTree(line);
      byTask.put(e.at("/body/task_id").asText(), e);
    }
    assertEquals(8, byTask.size(), "one event per job, none twice");

    Sixtyfour api = Sixtyfour.builder().apiKey(KEY).baseUrl(emulator.baseUrl()).build();
    Map<String, JsonNode> rows = new HashMap<>();
    for (String line : Files.readAllLines(work.resolve("out").resolve("results.jsonl"))) {
      JsonNode row = JSON.readTree(line);
      rows.put(row.get("task_id").asText(), row);
    }
    assertEquals(8, rows.size());
    for (Map.Entry<String, JsonNode> e : byTask.entrySet()) {
      JobStatus truth = api.jobStatus(e.getKey()).block(Duration.ofSeconds(10));
      assertEquals("completed", e.getValue().at("/body/status").asText());
      assertEquals(JSON.valueToTree(truth.structuredData()), e.getValue().at("/body/result/structured_data"),
          "the event of " + e.getKey() + " matches /job-status");
      assertEquals(JSON.valueToTree(truth.structuredData()), rows.get(e.getKey()).get("structured_data"),
          "the run's row of " + e.getKey() + " matches too");
      assertTrue(e.getValue().get("signed_at").asLong() > 0);
    }
    api.close().block(Duration.ofSeconds(5));
    assertEquals(8, emulator.stats().webhooksDelivered());

    listener.process.destroy();
    assertEquals(0, listener.exit(Duration.ofSeconds(30)), listener.stderr());
  }

  @Test
  void withoutASecretTheListenerRefusesToStart() throws Exception {
    Cli.Run r = new Cli(work).run(Duration.ofSeconds(30), "webhook", "listen", "--port", "0");
    assertEquals(2, r.process.exitValue());
    assertTrue(r.stderr().contains("SIXTYFOUR_WEBHOOK_SECRET"), r.stderr());
  }
}

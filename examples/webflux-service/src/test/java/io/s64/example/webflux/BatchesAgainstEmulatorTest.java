package io.s64.example.webflux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/**
 * The service over HTTP on a random port, running its batches against the emulator over HTTP on
 * another: a batch posted as JSON lines streams one event per job, with the emulator's rows.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BatchesAgainstEmulatorTest {
  private static final String KEY = "sk-test-webflux-not-a-real-key";
  private static final Emulator EMULATOR = Emulator.start(EmulatorConfig.builder().port(0).seed(3)
      .apiKeys(List.of(KEY))
      .searchDuration(Duration.ofMillis(200), Duration.ofMillis(800))
      .build());

  @LocalServerPort int port;
  @Autowired Batches batches;
  private WebTestClient http;

  @DynamicPropertySource
  static void s64(DynamicPropertyRegistry registry) {
    registry.add("s64.api-key", () -> KEY);
    registry.add("s64.base-url", EMULATOR::baseUrl);
    registry.add("s64.poll-interval", () -> "100ms");
  }

  @AfterAll
  static void stopEmulator() {
    EMULATOR.close();
  }

  @BeforeEach
  void client() {
    http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
        .responseTimeout(Duration.ofSeconds(60)).build();
  }

  @Test
  void aPostedBatchStreamsOneOutcomePerJobAsServerSentEvents() throws Exception {
    String lines = String.join("\n",
        "{\"id\":\"cto-berlin\",\"query\":\"CTOs of fintech startups in Berlin\",\"max_results\":30}",
        "{\"id\":\"vp-nyc\",\"query\":\"VP Engineering in New York\",\"max_results\":20}",
        "{\"id\":\"vp-nyc-again\",\"query\":\"VP engineering in new york\",\"max_results\":20}",
        "{\"id\":\"gb\",\"simple_filters\":{\"hq_country_iso2\":{\"$eq\":\"GB\"}},\"mode\":\"company\",\"max_results\":25}",
        "{\"id\":\"doomed\",\"query\":\"FAILME leaders\",\"max_results\":5}",
        "{\"id\":\"robot\",\"query\":\"x\",\"mode\":\"robots\"}");

    Map<String, Double> jobsCountedBefore = Map.of("deep/completed", jobsCounted(
        http.get().uri("/actuator/prometheus").exchange().expectBody(String.class).returnResult()
            .getResponseBody(), "deep", "completed"));
    Map<String, String> accepted = http.post().uri("/batches")
        .contentType(MediaType.parseMediaType("application/x-ndjson")).bodyValue(lines)
        .exchange()
        .expectStatus().isAccepted()
        .expectHeader().exists("Location")
        .expectBody(new ParameterizedTypeReference<Map<String, String>>() {})
        .returnResult().getResponseBody();
    String id = accepted.get("id");

    Flux<ServerSentEvent<OutcomeEvent>> stream = http.get().uri("/batches/{id}/outcomes", id)
        .accept(MediaType.TEXT_EVENT_STREAM)
        .exchange()
        .expectStatus().isOk()
        .returnResult(new ParameterizedTypeReference<ServerSentEvent<OutcomeEvent>>() {})
        .getResponseBody();
    List<ServerSentEvent<OutcomeEvent>> events = stream.collectList().block(Duration.ofSeconds(60));

    Map<String, OutcomeEvent> byJob = events.stream().map(ServerSentEvent::data)
        .collect(Collectors.toMap(OutcomeEvent::jobId, o -> o));
    assertEquals(6, events.size(), "one event per job: " + byJob.keySet());
    assertEquals(Map.of("cto-berlin", "completed", "vp-nyc", "completed", "vp-nyc-again",
        "duplicate", "gb", "completed", "doomed", "failed", "robot", "invalid"),
        byJob.values().stream().collect(Collectors.toMap(OutcomeEvent::jobId, OutcomeEvent::status)));
    events.forEach(e -> assertEquals(e.data().status(), e.event()));
    events.forEach(e -> assertEquals(e.data().jobId(), e.id()));
    assertEquals("vp-nyc", byJob.get("vp-nyc-again").duplicateOf());
    assertTrue(byJob.get("robot").message().contains("'robots'"), byJob.get("robot").toString());

    // The rows went to the batch's file, as many as the emulator served for each search.
    List<String> rows = Files.readAllLines(batches.rows(id));
    for (String job : List.of("cto-berlin", "vp-nyc", "gb")) {
      long written = rows.stream().filter(r -> r.contains("\"_job_id\":\"" + job + "\"")).count();
      assertEquals(byJob.get(job).rows(), written, job);
      assertTrue(written > 0, job);
    }
    assertEquals(2 + 1, EMULATOR.stats().searchesCreated(), "one search per distinct deep query,"
        + " the failing one included");

    // s64's meters are on Actuator's Prometheus endpoint, and agree with the stream.
    String prometheus = http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
        .expectBody(String.class).returnResult().getResponseBody();
    assertTrue(prometheus.contains("s64_client_requests_seconds_count{"), prometheus);
    assertEquals(2.0, jobsCounted(prometheus, "deep", "completed")
        - jobsCountedBefore.getOrDefault("deep/completed", 0.0), 1e-9, prometheus);

    // A second listener, late, gets the whole batch again.
    List<ServerSentEvent<OutcomeEvent>> again = http.get().uri("/batches/{id}/outcomes", id)
        .exchange().expectStatus().isOk()
        .returnResult(new ParameterizedTypeReference<ServerSentEvent<OutcomeEvent>>() {})
        .getResponseBody().collectList().block(Duration.ofSeconds(30));
    assertEquals(6, again.size());
  }

  @Test
  void anUnknownBatchIs404AndAnEmptyBodyIs400() {
    http.get().uri("/batches/nope/outcomes").exchange().expectStatus().isNotFound();
    http.post().uri("/batches").contentType(MediaType.TEXT_PLAIN).exchange()
        .expectStatus().isBadRequest();
  }

  @Test
  void prometheusServesTheApplicationsMetersAndTheSharedClientsSlots() {
    http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
        .expectBody(String.class).value(text -> {
          assertTrue(text.contains("jvm_memory_used_bytes"), text);
          assertTrue(text.contains("s64_slots_capacity 5.0"), text);
        });
  }

  /** {@code s64_batch_jobs_total} of a kind and status, summed over its other tags. */
  private static double jobsCounted(String prometheus, String kind, String status) {
    return prometheus.lines()
        .filter(l -> l.startsWith("s64_batch_jobs_total{") && l.contains("kind=\"" + kind + "\"")
            && l.contains("status=\"" + status + "\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

}

package io.s64.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** The library examples of the README, kept here so that they compile and run. */
class ReadmeExampleTest {

  @Test
  void aTestStartsAnEmulatorDrivesItsClockAndAssertsServerSideFacts() throws Exception {
    ManualClock clock = ManualClock.at(Instant.parse("2030-01-01T00:00:00Z"));
    EmulatorConfig config = EmulatorConfig.builder()
        .port(0)                                    // a free port
        .clock(clock)                               // the test moves time
        .searchDuration(Duration.ofSeconds(30), Duration.ofSeconds(60))
        .build();
    try (Emulator emulator = Emulator.start(config)) {
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest start = HttpRequest.newBuilder(
              URI.create(emulator.baseUrl() + "/search/start-deep-search"))
          .header("x-api-key", "any-non-empty-key")
          .POST(HttpRequest.BodyPublishers.ofString(
              "{\"query\":\"CTOs in Berlin\",\"search_id\":\"job-1\"}"))
          .build();
      assertEquals(200, http.send(start, HttpResponse.BodyHandlers.ofString()).statusCode());

      clock.advance(Duration.ofMinutes(1));         // the search has completed

      assertEquals("completed", emulator.searches().get(0).status());
      EmulatorStats stats = emulator.stats();
      assertEquals(1, stats.searchesCreated());
      assertEquals(0, stats.requestsDuringPause());
    }
  }

  @Test
  void aTestMovesTheClockPastAnEnrichmentJobsEndAndItsWebhookIsDelivered() throws Exception {
    ManualClock clock = ManualClock.at(Instant.parse("2030-01-01T00:00:00Z"));
    EmulatorConfig config = EmulatorConfig.builder()
        .port(0)
        .clock(clock)
        .enrichDuration(Duration.ofSeconds(60), Duration.ofSeconds(60))
        .webhookSecrets("sk_whsec_test", null)      // deliveries are signed
        .build();
    DisposableServer receiver = HttpServer.create().host("127.0.0.1").port(0)
        .handle((request, response) -> request.receive().then(response.status(200).send()))
        .bindNow();                                 // stands in for the code under test
    try (Emulator emulator = Emulator.start(config)) {
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest start = HttpRequest.newBuilder(
              URI.create(emulator.baseUrl() + "/people-intelligence-async"))
          .header("x-api-key", "any-non-empty-key")
          .POST(HttpRequest.BodyPublishers.ofString(
              "{\"lead_info\":{\"full_name\":\"Ada Lovelace\"},"
                  + "\"webhook_url\":\"http://127.0.0.1:" + receiver.port() + "/hooks\"}"))
          .build();
      assertEquals(200, http.send(start, HttpResponse.BodyHandlers.ofString()).statusCode());

      clock.advance(Duration.ofMinutes(1));         // the job completes: its event is due

      WebhookRecord event = Flux.interval(Duration.ofMillis(20))  // sent within about 50 ms
          .map(tick -> emulator.webhooks())
          .filter(events -> !events.isEmpty() && events.get(0).delivered())
          .map(events -> events.get(0))
          .blockFirst(Duration.ofSeconds(10));
      assertEquals(1, event.attempts());
      assertEquals(1, emulator.stats().webhooksDelivered());
    } finally {
      receiver.disposeNow();
    }
  }
}

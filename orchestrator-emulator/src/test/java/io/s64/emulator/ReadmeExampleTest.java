package io.s64.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The library example of the README, kept here so that it compiles and runs. */
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
}

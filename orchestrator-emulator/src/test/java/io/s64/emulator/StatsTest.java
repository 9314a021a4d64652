package io.s64.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StatsTest {
  private @Nullable Fixture fx;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  @Test
  void statsReflectWhatHappened() {
    fx = Fixture.start(b -> b.slots(2).rateLimit(8).results(30));
    fx.startSearch("{\"query\":\"a\",\"search_id\":\"s-a\"}");
    fx.startSearch("{\"query\":\"b\"}");
    fx.api.post("/search/start-deep-search", "{\"query\":\"a\",\"search_id\":\"s-a\"}"); // replay
    fx.api.post("/search/start-deep-search", "{\"query\":\"c\"}"); // slots full
    fx.api.post("/search/start-deep-search", "{\"mode\":\"people\"}"); // 422
    fx.api.withKey(null).get("/search/status/x"); // 401
    fx.clock.advance(Duration.ofMinutes(1)); // a new rate window
    Paging.all(fx.api, "{\"search_id\":\"s-a\",\"page_size\":20}"); // 2 pages
    for (int i = 0; i < 6; i++) {
      fx.api.get("/search/status/x"); // 404s: 8 requests in this window
    }
    fx.clock.advance(Duration.ofSeconds(1));
    fx.api.get("/search/status/x"); // 429: the window is spent
    fx.clock.advance(Duration.ofMillis(500));
    fx.api.get("/search/status/x"); // 429 again, during the pause, on the connection of the 429

    EmulatorStats stats = fx.emulator.stats();
    assertEquals(16, stats.requestsTotal());
    assertEquals(Map.of(
        "POST /search/start-deep-search", 5L,
        "GET /search/status/{task_id}", 9L,
        "POST /search/query", 2L), stats.requestsByEndpoint());
    assertEquals(Map.of(200, 5L, 401, 1L, 404, 6L, 422, 1L, 429, 3L), stats.responsesByStatus());
    assertEquals(2, stats.rateLimited());
    assertEquals(1, stats.slotsBusy());
    assertEquals(1, stats.requestsDuringPause());
    assertEquals(1, stats.pauseBreachesOnThe429Connection());
    assertEquals(8, stats.peakRequestsInWindow());
    assertEquals(2, stats.peakConcurrentSearches());
    assertEquals(4, stats.starts());
    assertEquals(1, stats.startsReplayed());
    assertEquals(2, stats.searchesCreated());
    assertEquals(1, stats.unauthorized());
    assertEquals(30L, stats.rowsServed().get("s-a"));
    assertEquals(30L, stats.rowsTotal().get("s-a"));
    assertEquals(0, stats.busySlots());
    assertEquals(Fixture.T0, stats.since());
    assertEquals(Fixture.T0.plusSeconds(61).plusMillis(500), stats.at());
  }
}

package io.s64.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.Sixtyfour;
import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import io.s64.emulator.EmulatorStats;
import io.s64.model.QueryRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** The request budget against the emulator's real fixed windows. */
class BudgetAgainstEmulatorTest {

  @Test
  void manyConcurrentCallersFillEveryWindowWithoutASingle429() {
    int limit = 20;
    Duration window = Duration.ofSeconds(1);
    try (Emulator emulator = Emulator.start(EmulatorConfig.builder().port(0)
        .rateLimit(limit).rateWindow(window).build())) {
      Sixtyfour api = Sixtyfour.builder().apiKey("sk_budget_test").baseUrl(emulator.baseUrl())
          .rateLimit(limit, window).build();
      long pages = Flux.range(0, 200)
          .flatMap(i -> api.query(QueryRequest.simpleFilters(Map.of("employees_count", Map.of("$gte", i)))
              .withMaxResults(3)), 64)
          .count()
          .block(Duration.ofSeconds(60));
      api.close().block(Duration.ofSeconds(5));
      assertEquals(200, pages);
      EmulatorStats stats = emulator.stats();
      assertEquals(0, stats.rateLimited(), "no 429 from the server");
      assertEquals(0, stats.requestsDuringPause());
      assertEquals(200, stats.acceptedRequests());
      double perWindow = (double) stats.acceptedRequests() / stats.windowsUsed();
      assertTrue(perWindow >= 0.9 * limit,
          "windows were used at " + perWindow + " of " + limit + " (" + stats.windowsUsed() + " windows)");
      assertEquals(limit, stats.peakRequestsInWindow());
    }
  }

  @Test
  void theStatusLaneOvertakesQueuedPageRequests() {
    try (Emulator emulator = Emulator.start(EmulatorConfig.builder().port(0)
        .rateLimit(5).rateWindow(Duration.ofSeconds(1)).build())) {
      Sixtyfour api = Sixtyfour.builder().apiKey("sk_budget_test").baseUrl(emulator.baseUrl())
          .rateLimit(5, Duration.ofSeconds(1)).build();
      List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
      Flux<String> bulk = Flux.range(0, 12).flatMap(i -> api.query(QueryRequest.simpleFilters(Map.of("n", i)))
          .map(p -> "page"), 12);
      Flux<String> slot = Flux.range(0, 3).delayElements(Duration.ofMillis(50))
          .flatMap(i -> api.searchStatus("unknown-" + i).map(s -> "status").onErrorReturn("status"));
      Flux.merge(bulk, slot).doOnNext(order::add).blockLast(Duration.ofSeconds(30));
      api.close().block(Duration.ofSeconds(5));
      int lastStatus = order.lastIndexOf("status");
      assertTrue(lastStatus < order.size() - 3,
          "the status calls, queued after twelve page requests, were served before most of them: " + order);
    }
  }
}

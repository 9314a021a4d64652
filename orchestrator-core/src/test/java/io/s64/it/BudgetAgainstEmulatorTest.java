package io.s64.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.Sixtyfour;
import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import io.s64.emulator.EmulatorStats;
import io.s64.emulator.FaultKind;
import io.s64.http.HttpTransport;
import io.s64.model.QueryRequest;
import java.net.URI;
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
  void aKeyWhoseWindowsAnotherClientSpendsSendsNothingAfterEach429UntilItsReset() {
    // Another client of the key spends a window now and then (5 % of requests): a 429 the client
    // cannot foresee, with requests of its own on the wire. After each, nothing may go until the
    // announced reset: by the client's clock, no request let go at the wire after it read a rate
    // 429; by the server's, none on the connection that carried a 429.
    Duration window = Duration.ofSeconds(1);
    try (Emulator emulator = Emulator.start(EmulatorConfig.builder().port(0)
        .rateLimit(20).rateWindow(window).fault(FaultKind.WINDOW_EXHAUSTED, 0.05).seed(7).build())) {
      PauseWitness wire = new PauseWitness(HttpTransport.netty(URI.create(emulator.baseUrl()),
          Duration.ofSeconds(10), Duration.ofSeconds(10), 128));
      Sixtyfour api = Sixtyfour.builder().apiKey("sk_budget_test").baseUrl(emulator.baseUrl())
          .transport(wire).rateLimit(20, window).build();
      long pages = Flux.range(0, 120)
          .flatMap(i -> api.query(QueryRequest.simpleFilters(Map.of("employees_count", Map.of("$gte", i)))
              .withMaxResults(3)), 64)
          .count()
          .block(Duration.ofSeconds(60));
      api.close().block(Duration.ofSeconds(5));
      assertEquals(120, pages, "every call ended well, 429s or not");
      EmulatorStats stats = emulator.stats();
      assertTrue(stats.faults(FaultKind.WINDOW_EXHAUSTED) > 0 && wire.rate429Heads() > 0,
          "windows were spent by another client");
      assertEquals(0, wire.sentDuringPause(), "no request let go after a rate 429 was read");
      assertEquals(0, stats.pauseBreachesOnThe429Connection(),
          "no request on the connection of a 429 during its pause");
      // Exactly: each request the server saw arrive during a pause was on the wire before the
      // 429 was written or crossed it; none went after the client had read it.
      PauseWitness.Exact exact = wire.judge(emulator.lateArrivals());
      System.out.println("pauses, exactly: " + exact + "; the emulator's count with its grace: "
          + stats.requestsDuringPause());
      assertEquals(0, emulator.lateArrivalsDropped(), "every late request was kept");
      assertEquals(0, exact.untraced(), exact.toString());
      assertEquals(0, exact.breaches(), exact.toString());
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

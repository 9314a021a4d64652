package io.s64.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.jspecify.annotations.Nullable;

class RateLimitTest {
  private static final String STATUS = "/search/status/unknown-task";
  private @Nullable Fixture fx;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  private void start(boolean retryAfter) {
    fx = Fixture.start(b -> b.rateLimit(3).rateWindow(Duration.ofSeconds(10))
        .retryAfter(retryAfter));
  }

  @Test
  void everyResponseToAValidKeyCountsDownTheWindowAndNamesItsEnd() {
    start(false);
    long reset = Fixture.T0.plusSeconds(10).getEpochSecond();
    for (int remaining = 2; remaining >= 0; remaining--) {
      Api.Reply reply = fx.api.get(STATUS);
      assertEquals(404, reply.status(), "errors carry the headers too");
      assertEquals("3", reply.header("X-RateLimit-Limit"));
      assertEquals(Integer.toString(remaining), reply.header("X-RateLimit-Remaining"));
      assertEquals(Long.toString(reset), reply.header("X-RateLimit-Reset"));
    }
  }

  @Test
  void aSpentWindowAnswers429WithoutConsumingAndRecoversAtTheReset() {
    start(false);
    for (int i = 0; i < 3; i++) {
      fx.api.get(STATUS);
    }
    for (int i = 0; i < 2; i++) {
      Api.Reply limited = fx.api.post("/search/start-deep-search", "{\"query\":\"cto\"}");
      assertEquals(429, limited.status());
      assertEquals("Rate limit exceeded", limited.detail());
      assertEquals("0", limited.header("X-RateLimit-Remaining"));
      assertEquals(Long.toString(Fixture.T0.plusSeconds(10).getEpochSecond()),
          limited.header("X-RateLimit-Reset"));
      assertNull(limited.header("Retry-After"));
    }
    assertEquals(0, fx.emulator.searches().size(), "a rate-limited start is not processed");
    EmulatorStats stats = fx.emulator.stats();
    assertEquals(2, stats.rateLimited());
    assertEquals(3, stats.peakRequestsInWindow(), "rejected requests consumed nothing");

    fx.clock.advance(Duration.ofSeconds(10));
    Api.Reply recovered = fx.api.get(STATUS);
    assertEquals(404, recovered.status());
    assertEquals("2", recovered.header("X-RateLimit-Remaining"));
    assertEquals(Long.toString(Fixture.T0.plusSeconds(20).getEpochSecond()),
        recovered.header("X-RateLimit-Reset"));
  }

  @ParameterizedTest(name = "retryAfter={0}")
  @ValueSource(booleans = {true, false})
  void retryAfterIsTheCeilingOfSecondsToTheResetAndOnlySentWhenConfigured(boolean retryAfter) {
    start(retryAfter);
    fx.clock.advance(Duration.ofMillis(2_500));
    for (int i = 0; i < 3; i++) {
      assertNull(fx.api.get(STATUS).header("Retry-After"), "only 429s carry Retry-After");
    }
    Api.Reply limited = fx.api.get(STATUS);
    assertEquals(429, limited.status());
    assertEquals(retryAfter ? "8" : null, limited.header("Retry-After"));
  }

  @Test
  void windowsAreAlignedToMultiplesOfTheirLengthSinceTheEpochAndResetRoundsUp() {
    fx = Fixture.start(b -> b.rateLimit(5).rateWindow(Duration.ofMillis(1500)));
    // 1_500_000_200 ms lies in window 1_000_000, which ends at 1_500_001_500 ms: reset 1_500_002 s.
    fx.clock.set(Instant.ofEpochMilli(1_500_000_200L));
    assertEquals("1500002", fx.api.get(STATUS).header("X-RateLimit-Reset"));
    // 1_500_001_600 ms lies in the next window, ending at 1_500_003_000 ms: a whole second.
    fx.clock.set(Instant.ofEpochMilli(1_500_001_600L));
    Api.Reply next = fx.api.get(STATUS);
    assertEquals("1500003", next.header("X-RateLimit-Reset"));
    assertEquals("4", next.header("X-RateLimit-Remaining"), "a new window starts full");
  }

  @Test
  void windowsArePerKey() {
    start(false);
    for (int i = 0; i < 3; i++) {
      fx.api.get(STATUS);
    }
    assertEquals(429, fx.api.get(STATUS).status());
    Api.Reply other = fx.api.withKey("other-key").get(STATUS);
    assertEquals(404, other.status());
    assertEquals("2", other.header("X-RateLimit-Remaining"));
  }

  @Test
  void requestsAfterA429AndBeforeItsResetAreCountedAsDuringThePause() {
    start(false);
    for (int i = 0; i < 4; i++) {
      fx.api.get(STATUS);
    }
    assertEquals(0, fx.emulator.stats().requestsDuringPause(), "the first 429 is no breach");
    fx.clock.advance(Duration.ofSeconds(3));
    fx.api.get(STATUS);
    fx.api.withKey("other-key").get(STATUS);
    assertEquals(1, fx.emulator.stats().requestsDuringPause(), "only the paused key counts");
    fx.clock.advance(Duration.ofSeconds(7));
    fx.api.get(STATUS);
    assertEquals(1, fx.emulator.stats().requestsDuringPause(), "after the reset all is fine");
  }
}

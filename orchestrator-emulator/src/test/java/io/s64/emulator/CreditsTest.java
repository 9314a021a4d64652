package io.s64.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jspecify.annotations.Nullable;

/** {@code GET /check-balance}, the charges of starts, and 402 when the balance cannot cover one. */
class CreditsTest {
  private static final String START = "/search/start-deep-search";
  private @Nullable Fixture fx;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  private BigDecimal balance() {
    Api.Reply reply = fx.api.get("/check-balance");
    assertEquals(200, reply.status(), reply.body());
    return reply.json().get("credits").decimalValue();
  }

  @Test
  void everyCreatedSearchIsChargedItsPriceAndAReplayedStartNothing() {
    fx = Fixture.start(b -> b.credits(new BigDecimal("10")).priceDeepSearch(new BigDecimal("2.5")));
    assertEquals(0, new BigDecimal("10").compareTo(balance()));
    fx.startSearch("{\"query\":\"a\",\"search_id\":\"s-a\"}");
    fx.startSearch("{\"query\":\"a\",\"search_id\":\"s-a\"}"); // replayed: same task, no charge
    assertEquals(0, new BigDecimal("7.5").compareTo(balance()));
    fx.startSearch("{\"query\":\"b\"}");
    fx.startSearch("{\"query\":\"c\"}");
    fx.startSearch("{\"query\":\"d\"}");
    assertEquals(0, BigDecimal.ZERO.compareTo(balance()));
    assertEquals(0, new BigDecimal("10").compareTo(fx.emulator.creditsCharged()));
  }

  @Test
  void aStartTheBalanceCannotCoverIs402AndCreatesNothingButAReplayStillAnswers() {
    fx = Fixture.start(b -> b.credits(new BigDecimal("3")).priceDeepSearch(new BigDecimal("2")));
    String first = fx.startSearch("{\"query\":\"a\",\"search_id\":\"s-a\"}");
    Api.Reply refused = fx.api.post(START, "{\"query\":\"b\",\"search_id\":\"s-b\"}");
    assertEquals(402, refused.status());
    assertEquals("Insufficient API credits", refused.detail());
    assertEquals(0, BigDecimal.ONE.compareTo(balance()), "a refused start charges nothing");
    assertEquals(1, fx.emulator.stats().searchesCreated());
    Api.Reply replay = fx.api.post(START, "{\"query\":\"a\",\"search_id\":\"s-a\"}");
    assertEquals(200, replay.status(), "a replay costs nothing, so a spent balance allows it");
    assertEquals(first, replay.json().get("task_id").asText());
  }

  @Test
  void aStartRefusedForBusySlotsIsNotCharged() {
    fx = Fixture.start(b -> b.slots(1).credits(new BigDecimal("100")));
    fx.startSearch("{\"query\":\"a\"}");
    assertEquals(429, fx.api.post(START, "{\"query\":\"b\"}").status());
    assertEquals(0, new BigDecimal("99").compareTo(balance()));
  }

  @Test
  void anEnrichmentJobIsChargedWhatItsJobStatusReports() {
    fx = Fixture.start(b -> b.credits(new BigDecimal("5")).priceEnrichment(new BigDecimal("2"))
        .enrichDuration(Duration.ofSeconds(1), Duration.ofSeconds(1)));
    String id = fx.startJob("/people-intelligence-async", "{\"lead_info\":{\"name\":\"A\"}}");
    fx.startJob("/people-intelligence-async", "{\"lead_info\":{\"name\":\"B\"}}");
    Api.Reply refused = fx.api.post("/people-intelligence-async", "{\"lead_info\":{\"name\":\"C\"}}");
    assertEquals(402, refused.status());
    assertEquals(0, BigDecimal.ONE.compareTo(balance()));
    fx.clock.advance(Duration.ofSeconds(2));
    Api.Reply done = fx.api.get("/job-status/" + id + "?cost_units=credits");
    assertEquals("completed", done.json().get("status").asText(), done.body());
    assertEquals(2.0, done.json().get("charge_credits").asDouble());
  }

  @Test
  void anExportIsChargedAndA409GivesTheChargeBack() {
    fx = Fixture.start(b -> b.credits(new BigDecimal("10")).priceDeepSearch(BigDecimal.ONE)
        .priceExport(new BigDecimal("3")));
    fx.completedSearch("{\"query\":\"x\",\"search_id\":\"s-x\"}");
    assertEquals(200, fx.api.post("/search/export", "{\"search_id\":\"s-x\"}").status());
    assertEquals(409, fx.api.post("/search/export", "{\"search_id\":\"s-x\"}").status());
    assertEquals(0, new BigDecimal("6").compareTo(balance()));
  }

  @Test
  void creditsMustBeZeroOrMoreToATenth() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EmulatorConfig.parse("--credits", "1.25"));
    assertTrue(e.getMessage().contains("--credits") && e.getMessage().contains("1.25"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> EmulatorConfig.parse("--price-export", "-1"));
    assertEquals(0, new BigDecimal("2.5").compareTo(
        EmulatorConfig.parse("--price-deep-search", "2.5").priceDeepSearch()));
  }
}

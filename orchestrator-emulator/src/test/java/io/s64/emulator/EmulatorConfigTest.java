package io.s64.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.emulator.config.ConfigFlags;
import io.s64.emulator.internal.DurationText;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class EmulatorConfigTest {

  @Test
  void defaultsFollowTheDocumentedApi() {
    EmulatorConfig c = EmulatorConfig.builder().build();
    assertEquals("127.0.0.1", c.host());
    assertEquals(8064, c.port());
    assertEquals(64, c.seed());
    assertEquals(Set.of(), c.apiKeys());
    assertEquals(500, c.rateLimit());
    assertEquals(Duration.ofSeconds(60), c.rateWindow());
    assertEquals(5, c.slots());
    assertEquals("30s..2m", c.searchDuration().toString());
    assertEquals("5s..20s", c.exportDuration().toString());
    assertEquals(Duration.ofSeconds(900), c.cursorTtl());
    assertEquals(Duration.ofSeconds(900), c.urlTtl());
    assertEquals(OptionalInt.empty(), c.results());
    assertFalse(c.shortPages());
    for (FaultKind kind : FaultKind.values()) {
      assertEquals(0.0, c.faultProbability(kind));
    }
    assertEquals(Duration.ofSeconds(30), c.slowResponseDelay());
    assertFalse(c.retryAfter());
    assertEquals("30s..5m", c.enrichDuration().toString());
    assertEquals(0.0, c.enrichFailRate());
    assertFalse(c.allowHighTier());
    assertEquals(Optional.empty(), c.webhookSecret());
    assertEquals(Optional.empty(), c.webhookSecretOld());
    assertEquals(Duration.ofSeconds(10), c.webhookTimeout());
    assertEquals(Duration.ofSeconds(1), c.webhookBackoff());
    assertEquals(5, c.webhookAttempts());
    assertEquals(InstantSource.system(), c.clock());
    assertEquals(DurationShape.UNIFORM, c.searchDurationShape());
    assertTrue(c.progressHints());
    assertEquals(c.toString(), EmulatorConfig.parse().toString());
  }

  @Test
  void parseReadsEveryFlag() {
    EmulatorConfig c = EmulatorConfig.parse("--host", "0.0.0.0", "--port", "0", "--seed", "7",
        "--api-key", "a", "--api-key=b", "--rate-limit", "20", "--rate-window", "250ms",
        "--slots", "2", "--search-duration", "2s..5s", "--search-duration-shape", "bimodal",
        "--progress-hints=false", "--export-duration", "1s",
        "--cursor-ttl", "1m", "--url-ttl", "30s", "--results", "12", "--short-pages",
        "--fault-rate", "0.6", "--fault-500", "0.05", "--fault-502", "0.01", "--fault-503", "0.02",
        "--fault-reset", "0.03", "--fault-slow", "0.04", "--fault-lost-start", "0.06",
        "--fault-download-cut", "0.5", "--slow-delay", "1500ms", "--retry-after",
        "--enrich-duration", "1s..3m", "--enrich-fail-rate", "0.25", "--allow-high-tier",
        "--webhook-secret", "sk_whsec_new", "--webhook-secret-old=sk_whsec_old",
        "--webhook-timeout", "250ms", "--webhook-backoff", "0ms", "--webhook-attempts", "3");
    assertEquals("0.0.0.0", c.host());
    assertEquals(0, c.port());
    assertEquals(7, c.seed());
    assertEquals(Set.of("a", "b"), c.apiKeys());
    assertEquals(20, c.rateLimit());
    assertEquals(Duration.ofMillis(250), c.rateWindow());
    assertEquals(2, c.slots());
    assertEquals(
        new DurationRange(Duration.ofSeconds(2), Duration.ofSeconds(5)), c.searchDuration());
    assertEquals(DurationShape.BIMODAL, c.searchDurationShape());
    assertFalse(c.progressHints());
    assertEquals(DurationRange.fixed(Duration.ofSeconds(1)), c.exportDuration());
    assertEquals(Duration.ofMinutes(1), c.cursorTtl());
    assertEquals(Duration.ofSeconds(30), c.urlTtl());
    assertEquals(OptionalInt.of(12), c.results());
    assertTrue(c.shortPages());
    assertEquals(0.6, c.faultRate());
    assertEquals(0.05, c.faultProbability(FaultKind.HTTP_500));
    assertEquals(0.01, c.faultProbability(FaultKind.HTTP_502_HTML));
    assertEquals(0.02, c.faultProbability(FaultKind.HTTP_503));
    assertEquals(0.03, c.faultProbability(FaultKind.CONNECTION_RESET));
    assertEquals(0.04, c.faultProbability(FaultKind.SLOW_RESPONSE));
    assertEquals(0.06, c.faultProbability(FaultKind.LOST_START));
    assertEquals(0.5, c.downloadCut());
    assertEquals(Duration.ofMillis(1500), c.slowResponseDelay());
    assertTrue(c.retryAfter());
    assertEquals(new DurationRange(Duration.ofSeconds(1), Duration.ofMinutes(3)),
        c.enrichDuration());
    assertEquals(0.25, c.enrichFailRate());
    assertTrue(c.allowHighTier());
    assertEquals(Optional.of("sk_whsec_new"), c.webhookSecret());
    assertEquals(Optional.of("sk_whsec_old"), c.webhookSecretOld());
    assertEquals(Duration.ofMillis(250), c.webhookTimeout());
    assertEquals(Duration.ZERO, c.webhookBackoff());
    assertEquals(3, c.webhookAttempts());
  }

  @Test
  void anOldWebhookSecretNeedsANewOne() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EmulatorConfig.parse("--webhook-secret-old", "sk_whsec_old"));
    assertTrue(e.getMessage().contains("--webhook-secret"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> EmulatorConfig.builder().webhookSecrets(" ", null));
  }

  @ParameterizedTest
  @EnumSource(FaultKind.class)
  void faultRateIsSplitEvenlyAndAPerKindSettingOverridesItsShare(FaultKind overridden) {
    EmulatorConfig c = EmulatorConfig.builder().faultRate(0.6).fault(overridden, 0.2).build();
    for (FaultKind kind : FaultKind.values()) {
      double share = FaultKind.SPREAD.contains(kind) ? 0.1 : 0.0;
      assertEquals(kind == overridden ? 0.2 : share, c.faultProbability(kind), 1e-12, kind.name());
    }
  }

  @Test
  void faultProbabilitiesAddingUpToMoreThanOneAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EmulatorConfig.parse("--fault-500", "0.7", "--fault-503", "0.6"));
    assertTrue(e.getMessage().contains("at most 1"), e.getMessage());
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "--port, abc",
      "--port, 70000",
      "--rate-limit, 0",
      "--slots, -1",
      "--seed, x1",
      "--rate-window, 10",
      "--search-duration, 5s..2s",
      "--export-duration, 1h",
      "--cursor-ttl, 0ms",
      "--url-ttl, 500ms",
      "--results, -3",
      "--fault-rate, 1.5",
      "--fault-slow, NaN",
      "--fault-download-cut, 2",
      "--slow-delay, soon",
      "--short-pages=, maybe",
      "--enrich-duration, 3m..1m",
      "--enrich-fail-rate, -0.1",
      "--allow-high-tier=, no",
      "--webhook-secret, ' '",
      "--webhook-timeout, 0ms",
      "--webhook-backoff, 1h",
      "--webhook-attempts, 0",
      "--webhook-attempts, 21"
  })
  void aBadValueIsRejectedNamingTheFlagAndTheValue(String flag, String value) {
    String[] args = flag.endsWith("=") ? new String[] {flag + value} : new String[] {flag, value};
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> EmulatorConfig.parse(args));
    String name = flag.endsWith("=") ? flag.substring(0, flag.length() - 1) : flag;
    assertTrue(e.getMessage().contains(name), e.getMessage());
    assertTrue(e.getMessage().contains(value), e.getMessage());
  }

  @Test
  void unknownFlagsMissingValuesAndStrayArgumentsAreRejected() {
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> EmulatorConfig.parse("--bogus", "1")).getMessage().contains("--bogus"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> EmulatorConfig.parse("--port")).getMessage().contains("--port"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> EmulatorConfig.parse("8064")).getMessage().contains("8064"));
  }

  @Test
  void usageListsEveryFlagWithItsDefault() {
    String usage = EmulatorConfig.usage();
    List<String> lines = usage.lines().toList();
    for (String flag : ConfigFlags.names()) {
      assertTrue(lines.stream().anyMatch(l -> l.trim().startsWith(flag + " ")
          && l.contains("(default: ")), flag + " missing from usage:\n" + usage);
    }
    assertTrue(usage.contains("--help"));
    assertTrue(ConfigFlags.names().size() >= 31, ConfigFlags.names().toString());
  }

  @Test
  void toStringListsTheSettingsButNeverAnApiKeyOrAWebhookSecret() {
    String text = EmulatorConfig.builder().apiKeys(List.of("sk-secret-1")).slots(3)
        .webhookSecrets("sk_whsec_new", "sk_whsec_old").build().toString();
    assertTrue(text.contains("slots=3"), text);
    assertTrue(text.contains("apiKeys=1 configured"), text);
    assertTrue(text.contains("webhookSecrets=2 configured"), text);
    assertFalse(text.contains("sk-secret-1"), text);
    assertFalse(text.contains("sk_whsec"), text);
  }

  @Test
  void toBuilderCopiesEverySetting() {
    EmulatorConfig c = EmulatorConfig.parse("--port", "0", "--seed", "9", "--api-key", "k",
        "--fault-rate", "0.3", "--short-pages", "--results", "5", "--enrich-duration", "2s",
        "--enrich-fail-rate", "0.1", "--allow-high-tier", "--webhook-secret", "s1",
        "--webhook-secret-old", "s0", "--webhook-timeout", "2s", "--webhook-backoff", "3s",
        "--webhook-attempts", "7");
    assertEquals(c.toString(), c.toBuilder().build().toString());
    assertEquals(Set.of("k"), c.toBuilder().build().apiKeys());
    assertEquals(Optional.of("s1"), c.toBuilder().build().webhookSecret());
    assertEquals(Optional.of("s0"), c.toBuilder().build().webhookSecretOld());
  }

  @ParameterizedTest(name = "{0} = {1} ms")
  @CsvSource({"250ms, 250", "2s, 2000", "1m, 60000", "0s, 0", "90s, 90000"})
  void durationsAcceptMillisecondSecondAndMinuteSuffixes(String text, long millis) {
    Duration parsed = DurationText.parse(text);
    assertEquals(Duration.ofMillis(millis), parsed);
    assertEquals(parsed, DurationText.parse(DurationText.format(parsed)));
  }

  @Test
  void aSingleDurationWhereARangeIsExpectedMeansAFixedOne() {
    assertEquals(DurationRange.fixed(Duration.ofSeconds(3)), DurationText.parseRange("3s"));
    assertTrue(DurationText.parseRange("3s").isFixed());
    assertEquals("2s..5s", DurationText.parseRange("2s..5s").toString());
  }
}

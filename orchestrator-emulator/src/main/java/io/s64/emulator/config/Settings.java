package io.s64.emulator.config;

import static io.s64.emulator.config.Rule.atLeast;
import static io.s64.emulator.config.Rule.noBlank;
import static io.s64.emulator.config.Rule.notBlank;
import static io.s64.emulator.config.Rule.notNegative;
import static io.s64.emulator.config.Rule.probability;
import static io.s64.emulator.config.Rule.within;

import io.s64.emulator.DurationRange;
import io.s64.emulator.DurationShape;
import io.s64.emulator.FaultKind;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every setting of the emulator, each declared once: name, default, flag, help and rules. The
 * order here is the order of {@code --help} and of {@code EmulatorConfig.toString()}. A new
 * setting is one declaration here plus its typed getter and builder method in {@code
 * EmulatorConfig}; a new {@link FaultKind} needs one {@link #fault} declaration.
 */
public final class Settings {
  private static final List<Setting<?>> DECLARED = new ArrayList<>();
  private static final Map<FaultKind, Setting<Double>> FAULTS = new EnumMap<>(FaultKind.class);
  /** The help's default of a fault kind that --fault-rate covers. */
  private static final String SHARE = "share of --fault-rate";

  public static final Setting<String> HOST = declare(
      Setting.of("host", Syntax.text("HOST"), "127.0.0.1")
          .flag("--host", "interface to bind")
          .rule(notBlank()));
  public static final Setting<Integer> PORT = declare(
      Setting.of("port", Syntax.INTEGER.as("PORT"), 8064)
          .flag("--port", "port to bind; 0 picks a free port")
          .rule(within(0, 65535)));
  public static final Setting<Long> SEED = declare(
      Setting.of("seed", Syntax.LONG, 64L)
          .flag("--seed", "seed of rows, results, durations, failures and faults"));
  public static final Setting<Set<String>> API_KEYS = declare(
      Setting.of("apiKeys", Syntax.repeatable("KEY"), Set.<String>of())
          .flag("--api-key", "accept only this key (repeatable)")
          .defaultText("none: any non-empty key")
          .rule(noBlank("key"))
          .secret(keys -> keys.isEmpty() ? "any" : keys.size() + " configured"));
  public static final Setting<Integer> RATE_LIMIT = declare(
      Setting.of("rateLimit", Syntax.INTEGER, 500)
          .flag("--rate-limit", "accepted requests per key per window")
          .rule(atLeast(1)));
  public static final Setting<Duration> RATE_WINDOW = declare(
      Setting.of("rateWindow", Syntax.DURATION, Duration.ofSeconds(60))
          .flag("--rate-window", "fixed window, aligned to the epoch")
          .rule(atLeast(Duration.ofMillis(1))));
  public static final Setting<Integer> SLOTS = declare(
      Setting.of("slots", Syntax.INTEGER, 5)
          .flag("--slots", "concurrent deep searches per organization")
          .rule(atLeast(1)));
  public static final Setting<DurationRange> SEARCH_DURATION = declare(
      Setting.of("searchDuration", Syntax.RANGE,
              new DurationRange(Duration.ofSeconds(30), Duration.ofSeconds(120)))
          .flag("--search-duration", "how long a deep search runs"));
  public static final Setting<DurationShape> SEARCH_DURATION_SHAPE = declare(
      Setting.of("searchDurationShape", Syntax.choice("SHAPE", DurationShape::parse), DurationShape.UNIFORM)
          .flag("--search-duration-shape",
              "how durations spread over --search-duration: uniform, log-normal or bimodal"));
  public static final Setting<Boolean> PROGRESS_HINTS = declare(
      Setting.of("progressHints", Syntax.SWITCH, true)
          .flag("--progress-hints",
              "status shows phase, iterations and messages that follow a search's progress;"
                  + " off: a constant \"Searching\" with no phase and no iterations"));
  public static final Setting<DurationRange> EXPORT_DURATION = declare(
      Setting.of("exportDuration", Syntax.RANGE,
              new DurationRange(Duration.ofSeconds(5), Duration.ofSeconds(20)))
          .flag("--export-duration", "how long an export runs"));
  public static final Setting<Duration> CURSOR_TTL = declare(
      Setting.of("cursorTtl", Syntax.DURATION, Duration.ofSeconds(900))
          .flag("--cursor-ttl", "how long a page cursor stays valid")
          .rule(atLeast(Duration.ofMillis(1))));
  public static final Setting<Duration> URL_TTL = declare(
      Setting.of("urlTtl", Syntax.DURATION, Duration.ofSeconds(900))
          .flag("--url-ttl", "how long a signed download URL stays valid")
          .rule(atLeast(Duration.ofSeconds(1))));
  public static final Setting<Integer> RESULTS = declare(
      Setting.of("results", Syntax.INTEGER, (Integer) null)
          .flag("--results", "fixed row count of every search")
          .defaultText("derived per query: 20..200")
          .rule(atLeast(0)));
  public static final Setting<Boolean> SHORT_PAGES = declare(
      Setting.of("shortPages", Syntax.SWITCH, false)
          .flag("--short-pages", "page 2 empty, every third page half full"));
  public static final Setting<Double> FAULT_RATE = declare(
      Setting.of("faultRate", Syntax.PROBABILITY, 0.0)
          .flag("--fault-rate", "fault probability, split evenly over the six kinds")
          .rule(probability())
          .unlisted());
  public static final Setting<Double> FAULT_500 = fault(FaultKind.HTTP_500,
      "--fault-500", SHARE, "500 Internal server error");
  public static final Setting<Double> FAULT_502 = fault(FaultKind.HTTP_502_HTML,
      "--fault-502", SHARE, "502 with an HTML page");
  public static final Setting<Double> FAULT_503 = fault(FaultKind.HTTP_503,
      "--fault-503", SHARE, "503 backend not configured");
  public static final Setting<Double> FAULT_RESET = fault(FaultKind.CONNECTION_RESET,
      "--fault-reset", SHARE, "connection reset, no response");
  public static final Setting<Double> FAULT_SLOW = fault(FaultKind.SLOW_RESPONSE,
      "--fault-slow", SHARE, "response sent after --slow-delay");
  public static final Setting<Double> FAULT_LOST_START = fault(FaultKind.LOST_START,
      "--fault-lost-start", SHARE, "start accepted, then the connection reset");
  public static final Setting<Double> FAULT_WINDOW_EXHAUSTED = fault(FaultKind.WINDOW_EXHAUSTED,
      "--fault-window-exhausted", "0",
      "another client spends the key's window: 429 until its reset (not in --fault-rate)");
  public static final Setting<Double> FAULT_500_AFTER = fault(FaultKind.HTTP_500_AFTER_PROCESSING,
      "--fault-500-after", "0",
      "the request is processed, then answered 500 (not in --fault-rate)");
  public static final Setting<Double> DOWNLOAD_CUT = declare(
      Setting.of("downloadCut", Syntax.PROBABILITY, 0.0)
          .flag("--fault-download-cut", "storage download cut partway")
          .rule(probability()));
  public static final Setting<Duration> SLOW_RESPONSE_DELAY = declare(
      Setting.of("slowResponseDelay", Syntax.DURATION, Duration.ofSeconds(30))
          .flag("--slow-delay", "delay of a slow response")
          .rule(notNegative()));
  public static final Setting<Boolean> RETRY_AFTER = declare(
      Setting.of("retryAfter", Syntax.SWITCH, false)
          .flag("--retry-after", "send Retry-After on rate-limit 429s"));
  /** 30s..5m: the documented "P95 about 5 minutes". */
  public static final Setting<DurationRange> ENRICH_DURATION = declare(
      Setting.of("enrichDuration", Syntax.RANGE,
              new DurationRange(Duration.ofSeconds(30), Duration.ofMinutes(5)))
          .flag("--enrich-duration", "how long a people/company intelligence job runs"));
  public static final Setting<Double> ENRICH_FAIL_RATE = declare(
      Setting.of("enrichFailRate", Syntax.PROBABILITY, 0.0)
          .flag("--enrich-fail-rate", "probability that an enrichment job fails")
          .rule(probability()));
  public static final Setting<Boolean> ALLOW_HIGH_TIER = declare(
      Setting.of("allowHighTier", Syntax.SWITCH, false)
          .flag("--allow-high-tier", "accept tier \"high\" (else 403)"));
  /** 20ms: 500 rows through a three-block workflow take 30s, 10,000 rows 10 minutes. */
  public static final Setting<Duration> WORKFLOW_ROW_TIME = declare(
      Setting.of("workflowRowTime", Syntax.DURATION, Duration.ofMillis(20))
          .flag("--workflow-row-time", "time per row per block of a workflow run")
          .rule(notNegative()));
  public static final Setting<Double> WORKFLOW_FAIL_RATE = declare(
      Setting.of("workflowFailRate", Syntax.PROBABILITY, 0.0)
          .flag("--workflow-fail-rate", "probability that a workflow run has a block fail")
          .rule(probability()));
  public static final Setting<Double> WORKFLOW_STALL_RATE = declare(
      Setting.of("workflowStallRate", Syntax.PROBABILITY, 0.0)
          .flag("--workflow-stall-rate", "probability that a workflow run stalls for good")
          .rule(probability()));
  public static final Setting<String> WEBHOOK_SECRET = declare(
      Setting.of("webhookSecret", Syntax.text("SECRET"), (String) null)
          .flag("--webhook-secret", "sign webhook deliveries")
          .defaultText("none: unsigned")
          .rule(notBlank())
          .secret(secret -> "configured")
          .unlisted());
  public static final Setting<String> WEBHOOK_SECRET_OLD = declare(
      Setting.of("webhookSecretOld", Syntax.text("SECRET"), (String) null)
          .flag("--webhook-secret-old", "previous secret during a rotation (signed second)")
          .rule(notBlank())
          .secret(secret -> "configured")
          .unlisted());
  public static final Setting<Duration> WEBHOOK_TIMEOUT = declare(
      Setting.of("webhookTimeout", Syntax.DURATION, Duration.ofSeconds(10))
          .flag("--webhook-timeout", "real-time limit of one delivery attempt")
          .rule(atLeast(Duration.ofMillis(1))));
  public static final Setting<Duration> WEBHOOK_BACKOFF = declare(
      Setting.of("webhookBackoff", Syntax.DURATION, Duration.ofSeconds(1))
          .flag("--webhook-backoff", "delay before the first retry, doubling")
          .rule(notNegative()));
  public static final Setting<Integer> WEBHOOK_ATTEMPTS = declare(
      Setting.of("webhookAttempts", Syntax.INTEGER, 5)
          .flag("--webhook-attempts", "delivery attempts per event")
          .rule(within(1, 20)));
  public static final Setting<BigDecimal> CREDITS = declare(
      Setting.of("credits", Syntax.CREDITS, new BigDecimal(1_000_000))
          .flag("--credits", "the organization's credit balance at start (GET /check-balance);"
              + " a start it cannot cover is answered 402")
          .rule(Rule.credits()));
  public static final Setting<BigDecimal> PRICE_DEEP_SEARCH = declare(
      Setting.of("priceDeepSearch", Syntax.CREDITS, BigDecimal.ONE)
          .flag("--price-deep-search", "credits charged when a deep search is created")
          .rule(Rule.credits()));
  public static final Setting<BigDecimal> PRICE_EXPORT = declare(
      Setting.of("priceExport", Syntax.CREDITS, BigDecimal.ONE)
          .flag("--price-export", "credits charged when an export is created")
          .rule(Rule.credits()));
  public static final Setting<BigDecimal> PRICE_ENRICHMENT = declare(
      Setting.of("priceEnrichment", Syntax.CREDITS, (BigDecimal) null)
          .flag("--price-enrichment", "credits charged when a people or company intelligence job"
              + " is created (its job-status reports the same charge)")
          .defaultText("per job, by tier and kind, as its job-status reports")
          .rule(Rule.credits()));
  public static final Setting<InstantSource> CLOCK = declare(
      Setting.of("clock", Syntax.<InstantSource>builderOnly(), InstantSource.system()));

  /** Every setting, in declaration order. */
  public static final List<Setting<?>> ALL = Collections.unmodifiableList(DECLARED);

  static {
    for (FaultKind kind : FaultKind.values()) {
      if (!FAULTS.containsKey(kind)) {
        throw new IllegalStateException("fault kind " + kind + " has no setting");
      }
    }
  }

  private Settings() {}

  /** The setting of one fault kind's own probability. */
  public static Setting<Double> fault(FaultKind kind) {
    return FAULTS.get(kind);
  }

  private static <T> Setting<T> declare(Setting<T> setting) {
    DECLARED.add(setting);
    return setting;
  }

  /**
   * A fault kind's own probability. Unset by default: then the kind gets its share of {@code
   * faultRate} ({@code FaultKind}'s spread says which kinds have one).
   */
  private static Setting<Double> fault(FaultKind kind, String flag, String defaultText,
      String help) {
    Setting<Double> setting = declare(Setting.of("fault " + kind, Syntax.PROBABILITY, (Double) null)
        .flag(flag, help)
        .defaultText(defaultText)
        .rule(probability())
        .unlisted());
    FAULTS.put(kind, setting);
    return setting;
  }
}

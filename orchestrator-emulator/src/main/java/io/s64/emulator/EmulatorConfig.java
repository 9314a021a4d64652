package io.s64.emulator;

import io.s64.emulator.config.ConfigFlags;
import io.s64.emulator.config.Setting;
import io.s64.emulator.config.Settings;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * The emulator's settings: where it listens, its limits, its timings and its faults. Immutable;
 * build one with {@link #builder()} or read the command-line flags with {@link #parse(String...)}.
 * Every setting is optional and defaults to the documented API behaviour; {@link #usage()} lists
 * each flag with its default.
 *
 * <pre>{@code
 * EmulatorConfig config = EmulatorConfig.builder()
 *     .port(0)                                   // a free port
 *     .searchDuration(Duration.ofSeconds(2), Duration.ofSeconds(5))
 *     .clock(manualClock)                        // tests drive time
 *     .build();
 * }</pre>
 *
 * <p>Each setting is declared once, with its default, flag, help and checks (in the emulator's
 * {@code config} package); the getters and builder methods here only name it.
 *
 * <p>{@link #toString()} lists every setting except the API keys and the webhook secrets
 * themselves (only their count).
 */
public final class EmulatorConfig {
  private final Map<Setting<?>, @Nullable Object> values;

  private EmulatorConfig(Map<Setting<?>, @Nullable Object> values) {
    this.values = Collections.unmodifiableMap(new HashMap<>(values));
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    Map<Setting<?>, @Nullable Object> defaults = new HashMap<>();
    for (Setting<?> setting : Settings.ALL) {
      defaults.put(setting, setting.defaultValue());
    }
    return new Builder(defaults);
  }

  /** A builder holding this configuration's settings, to derive a variant. */
  public Builder toBuilder() {
    return new Builder(values);
  }

  /**
   * Reads the command-line flags ({@code --port 0 --search-duration 2s..5s ...}); flags may also
   * be written {@code --flag=value}.
   *
   * @throws IllegalArgumentException naming the flag and the value when one is unknown or invalid
   */
  public static EmulatorConfig parse(String... args) {
    Builder builder = builder();
    ConfigFlags.parse(args).forEach(builder::put);
    return builder.build();
  }

  /** Help text for every flag, with its default. */
  public static String usage() {
    return ConfigFlags.usage();
  }

  /** The interface to bind. */
  public String host() {
    return get(Settings.HOST);
  }

  /** The port to bind; {@code 0} picks a free one. */
  public int port() {
    return get(Settings.PORT);
  }

  /** The seed of rows, enrichment results, durations, job failures and faults. */
  public long seed() {
    return get(Settings.SEED);
  }

  /** The accepted API keys; empty (the default) accepts any non-empty key. */
  public Set<String> apiKeys() {
    return get(Settings.API_KEYS);
  }

  /** Accepted requests per key per rate window. */
  public int rateLimit() {
    return get(Settings.RATE_LIMIT);
  }

  /** The fixed rate window, aligned to multiples of its length since the epoch. */
  public Duration rateWindow() {
    return get(Settings.RATE_WINDOW);
  }

  /** Concurrent deep searches per organization (all keys). */
  public int slots() {
    return get(Settings.SLOTS);
  }

  /** How long a deep search runs. */
  public DurationRange searchDuration() {
    return get(Settings.SEARCH_DURATION);
  }

  /** How search durations spread over {@link #searchDuration()}. */
  public DurationShape searchDurationShape() {
    return get(Settings.SEARCH_DURATION_SHAPE);
  }

  /** Whether a deep search's status follows its progress (phase, iterations, messages). */
  public boolean progressHints() {
    return get(Settings.PROGRESS_HINTS);
  }

  /** How long an export runs. */
  public DurationRange exportDuration() {
    return get(Settings.EXPORT_DURATION);
  }

  /** How long a page cursor stays valid. */
  public Duration cursorTtl() {
    return get(Settings.CURSOR_TTL);
  }

  /** How long a signed download URL stays valid. */
  public Duration urlTtl() {
    return get(Settings.URL_TTL);
  }

  /** The fixed row count of every search, or empty (the default) for a count derived per query. */
  public OptionalInt results() {
    Integer results = getOrNull(Settings.RESULTS);
    return results == null ? OptionalInt.empty() : OptionalInt.of(results);
  }

  /** Whether some pages are short and page 2 is empty while {@code has_more} stays true. */
  public boolean shortPages() {
    return get(Settings.SHORT_PAGES);
  }

  /** The total fault probability spread evenly over the six {@link FaultKind}s. */
  public double faultRate() {
    return get(Settings.FAULT_RATE);
  }

  /**
   * The probability of {@code kind}: its own setting, else a sixth of {@link #faultRate()} (for
   * {@link FaultKind#WINDOW_EXHAUSTED} and {@link FaultKind#HTTP_500_AFTER_PROCESSING}, which the
   * rate does not cover, 0).
   */
  public double faultProbability(FaultKind kind) {
    Double own = getOrNull(Settings.fault(kind));
    if (own != null) {
      return own;
    }
    return FaultKind.SPREAD.contains(kind) ? faultRate() / FaultKind.SPREAD.size() : 0;
  }

  /** The probability that a storage download is cut partway. */
  public double downloadCut() {
    return get(Settings.DOWNLOAD_CUT);
  }

  /** The delay of a {@link FaultKind#SLOW_RESPONSE}. */
  public Duration slowResponseDelay() {
    return get(Settings.SLOW_RESPONSE_DELAY);
  }

  /** Whether rate-limit 429s carry {@code Retry-After}. */
  public boolean retryAfter() {
    return get(Settings.RETRY_AFTER);
  }

  /** How long an enrichment job (people or company intelligence) runs. */
  public DurationRange enrichDuration() {
    return get(Settings.ENRICH_DURATION);
  }

  /** The probability that an enrichment job fails (seeded draw per job). */
  public double enrichFailRate() {
    return get(Settings.ENRICH_FAIL_RATE);
  }

  /** The organization's credit balance at start. */
  public BigDecimal credits() {
    return get(Settings.CREDITS);
  }

  /** Credits charged when a deep search is created (not when a start is replayed). */
  public BigDecimal priceDeepSearch() {
    return get(Settings.PRICE_DEEP_SEARCH);
  }

  /** Credits charged when an export is created. */
  public BigDecimal priceExport() {
    return get(Settings.PRICE_EXPORT);
  }

  /**
   * Credits charged when a people or company intelligence job is created; empty (the default):
   * each job's own charge, by tier and kind, as its job-status reports.
   */
  public Optional<BigDecimal> priceEnrichment() {
    return Optional.ofNullable(getOrNull(Settings.PRICE_ENRICHMENT));
  }

  /** Whether {@code tier: "high"} is accepted; otherwise it is a 403. */
  public boolean allowHighTier() {
    return get(Settings.ALLOW_HIGH_TIER);
  }

  /** The webhook signing secret; empty (the default) sends unsigned deliveries. */
  public Optional<String> webhookSecret() {
    return Optional.ofNullable(getOrNull(Settings.WEBHOOK_SECRET));
  }

  /** The previous signing secret during a rotation (signed second); empty by default. */
  public Optional<String> webhookSecretOld() {
    return Optional.ofNullable(getOrNull(Settings.WEBHOOK_SECRET_OLD));
  }

  /** How long a webhook delivery attempt may take, in real time. */
  public Duration webhookTimeout() {
    return get(Settings.WEBHOOK_TIMEOUT);
  }

  /** The delay before the first webhook retry, doubling after each. */
  public Duration webhookBackoff() {
    return get(Settings.WEBHOOK_BACKOFF);
  }

  /** Webhook delivery attempts per event, the first one included. */
  public int webhookAttempts() {
    return get(Settings.WEBHOOK_ATTEMPTS);
  }

  /** How long a workflow block takes per row it receives. */
  public Duration workflowRowTime() {
    return get(Settings.WORKFLOW_ROW_TIME);
  }

  /** The probability that a workflow run has a block fail (seeded draw per run). */
  public double workflowFailRate() {
    return get(Settings.WORKFLOW_FAIL_RATE);
  }

  /** The probability that a workflow run stalls: its progress stops and it never ends. */
  public double workflowStallRate() {
    return get(Settings.WORKFLOW_STALL_RATE);
  }

  /** The source of all emulator time: the system clock unless a test sets one. */
  public InstantSource clock() {
    return get(Settings.CLOCK);
  }

  /**
   * Every setting as {@code name=value}, in declaration order, then the fault probabilities in
   * effect and the number of webhook secrets; API keys and secrets only as counts.
   */
  @Override
  public String toString() {
    StringJoiner out = new StringJoiner(", ", "EmulatorConfig[", "]");
    for (Setting<?> setting : Settings.ALL) {
      if (setting.listed()) {
        out.add(setting.name() + "=" + show(setting));
      }
    }
    StringJoiner faults = new StringJoiner(",");
    for (FaultKind kind : FaultKind.values()) {
      double p = faultProbability(kind);
      if (p > 0) {
        faults.add(kind + "=" + p);
      }
    }
    out.add("faults=" + (faults.length() == 0 ? "none" : faults));
    out.add("webhookSecrets=" + (webhookSecret().isEmpty() ? "none"
        : (webhookSecretOld().isEmpty() ? 1 : 2) + " configured"));
    return out.toString();
  }

  private <T> String show(Setting<T> setting) {
    return setting.show(getOrNull(setting));
  }

  /** A required setting's value (set, or its default). */
  private <T> T get(Setting<T> setting) {
    return Objects.requireNonNull(getOrNull(setting), setting.name());
  }

  private <T> @Nullable T getOrNull(Setting<T> setting) {
    return setting.cast(values.get(setting));
  }

  /**
   * Collects settings, starting from the defaults. Each method checks its argument against the
   * setting's rules and names the setting in the exception ({@link #usage()} shows each flag's
   * default and range). Not thread-safe; {@link #build()} may be called more than once.
   */
  public static final class Builder {
    private final Map<Setting<?>, @Nullable Object> values;

    private Builder(Map<Setting<?>, @Nullable Object> values) {
      this.values = new HashMap<>(values);
    }

    /** The interface to bind. */
    public Builder host(String host) {
      return set(Settings.HOST, host);
    }

    /** The port; 0 picks a free one. */
    public Builder port(int port) {
      return set(Settings.PORT, port);
    }

    /** The seed of rows, enrichment results, durations, job failures and faults. */
    public Builder seed(long seed) {
      return set(Settings.SEED, seed);
    }

    /** The only keys to accept (replacing earlier ones); none, the default, accepts any key. */
    public Builder apiKeys(Collection<String> keys) {
      Objects.requireNonNull(keys, "keys");
      return set(Settings.API_KEYS, Collections.unmodifiableSet(new LinkedHashSet<>(keys)));
    }

    /** Accepted requests per key per window. */
    public Builder rateLimit(int rateLimit) {
      return set(Settings.RATE_LIMIT, rateLimit);
    }

    /** The rate window length. */
    public Builder rateWindow(Duration window) {
      return set(Settings.RATE_WINDOW, window);
    }

    /** Concurrent deep searches per organization. */
    public Builder slots(int slots) {
      return set(Settings.SLOTS, slots);
    }

    /** How long a deep search runs, drawn per search in {@code [min, max]}. */
    public Builder searchDuration(Duration min, Duration max) {
      return range(Settings.SEARCH_DURATION, min, max);
    }

    /** How search durations spread over their range (default uniform). */
    public Builder searchDurationShape(DurationShape shape) {
      return set(Settings.SEARCH_DURATION_SHAPE, shape);
    }

    /** Whether a deep search's status follows its progress (default on). */
    public Builder progressHints(boolean on) {
      return set(Settings.PROGRESS_HINTS, on);
    }

    /** How long an export runs, drawn per export from {@code [min, max]}. */
    public Builder exportDuration(Duration min, Duration max) {
      return range(Settings.EXPORT_DURATION, min, max);
    }

    /** How long a cursor stays valid. */
    public Builder cursorTtl(Duration ttl) {
      return set(Settings.CURSOR_TTL, ttl);
    }

    /** How long a signed URL stays valid. */
    public Builder urlTtl(Duration ttl) {
      return set(Settings.URL_TTL, ttl);
    }

    /** A fixed row count for every search, or null to derive it per query. */
    public Builder results(@Nullable Integer fixedRowCount) {
      return set(Settings.RESULTS, fixedRowCount);
    }

    /** Short pages: page 2 empty, every third page half full. */
    public Builder shortPages(boolean shortPages) {
      return set(Settings.SHORT_PAGES, shortPages);
    }

    /** The total fault probability spread evenly over the six kinds. */
    public Builder faultRate(double probability) {
      return set(Settings.FAULT_RATE, probability);
    }

    /** The probability of one fault kind; overrides its share of the fault rate. */
    public Builder fault(FaultKind kind, double probability) {
      Objects.requireNonNull(kind, "kind");
      return set(Settings.fault(kind), probability);
    }

    /** The probability that a storage download is cut partway. */
    public Builder downloadCut(double probability) {
      return set(Settings.DOWNLOAD_CUT, probability);
    }

    /** The delay of a slow response. */
    public Builder slowResponseDelay(Duration delay) {
      return set(Settings.SLOW_RESPONSE_DELAY, delay);
    }

    /** Whether rate-limit 429s carry {@code Retry-After}. */
    public Builder retryAfter(boolean retryAfter) {
      return set(Settings.RETRY_AFTER, retryAfter);
    }

    /** How long an enrichment job runs, drawn per job in {@code [min, max]}. */
    public Builder enrichDuration(Duration min, Duration max) {
      return range(Settings.ENRICH_DURATION, min, max);
    }

    /** The probability that an enrichment job fails. */
    public Builder enrichFailRate(double probability) {
      return set(Settings.ENRICH_FAIL_RATE, probability);
    }

    /** The organization's credit balance at start, 0 or more, to a tenth of a credit. */
    public Builder credits(BigDecimal credits) {
      return set(Settings.CREDITS, credits);
    }

    /** Credits charged when a deep search is created. */
    public Builder priceDeepSearch(BigDecimal credits) {
      return set(Settings.PRICE_DEEP_SEARCH, credits);
    }

    /** Credits charged when an export is created. */
    public Builder priceExport(BigDecimal credits) {
      return set(Settings.PRICE_EXPORT, credits);
    }

    /** Credits charged (and reported by job-status) for each people or company intelligence job. */
    public Builder priceEnrichment(BigDecimal credits) {
      return set(Settings.PRICE_ENRICHMENT, credits);
    }

    /** Whether {@code tier: "high"} is accepted instead of answered with 403. */
    public Builder allowHighTier(boolean allow) {
      return set(Settings.ALLOW_HIGH_TIER, allow);
    }

    /**
     * Signs webhook deliveries with {@code newSecret} and, during a rotation, also with {@code
     * oldSecret} (the header then carries two {@code v1} segments, new first). Without this call
     * (the default) deliveries are unsigned.
     */
    public Builder webhookSecrets(String newSecret, @Nullable String oldSecret) {
      Objects.requireNonNull(newSecret, Settings.WEBHOOK_SECRET.name());
      set(Settings.WEBHOOK_SECRET, newSecret);
      return set(Settings.WEBHOOK_SECRET_OLD, oldSecret);
    }

    /** How long one webhook attempt may take in real time. */
    public Builder webhookTimeout(Duration timeout) {
      return set(Settings.WEBHOOK_TIMEOUT, timeout);
    }

    /**
     * The delay, by the emulator clock, before the first webhook retry; it doubles after each
     * further failure (with 1s: retries after 1s, 2s, 4s, 8s).
     */
    public Builder webhookBackoff(Duration backoff) {
      return set(Settings.WEBHOOK_BACKOFF, backoff);
    }

    /** Delivery attempts per webhook event, the first one included. */
    public Builder webhookAttempts(int attempts) {
      return set(Settings.WEBHOOK_ATTEMPTS, attempts);
    }

    /** How long a workflow block takes per row it receives (0: at once). */
    public Builder workflowRowTime(Duration rowTime) {
      return set(Settings.WORKFLOW_ROW_TIME, rowTime);
    }

    /** The probability that a workflow run has a block fail. */
    public Builder workflowFailRate(double probability) {
      return set(Settings.WORKFLOW_FAIL_RATE, probability);
    }

    /** The probability that a workflow run stalls for good. */
    public Builder workflowStallRate(double probability) {
      return set(Settings.WORKFLOW_STALL_RATE, probability);
    }

    /** The source of all emulator time; see {@link ManualClock}. */
    public Builder clock(InstantSource clock) {
      return set(Settings.CLOCK, clock);
    }

    /**
     * Builds the configuration.
     *
     * @throws IllegalArgumentException if the fault probabilities add up to more than 1, or an
     *     old webhook secret is set without a new one
     */
    public EmulatorConfig build() {
      EmulatorConfig config = new EmulatorConfig(values);
      double sum = 0;
      for (FaultKind kind : FaultKind.values()) {
        sum += config.faultProbability(kind);
      }
      if (sum > 1 + 1e-9) {
        throw new IllegalArgumentException("fault probabilities (faultRate and per-kind faults, "
            + "flags --fault-*) must add up to at most 1 but add up to " + sum);
      }
      if (config.webhookSecretOld().isPresent() && config.webhookSecret().isEmpty()) {
        throw new IllegalArgumentException(Settings.WEBHOOK_SECRET_OLD + " needs "
            + Settings.WEBHOOK_SECRET + ", the new secret, as well");
      }
      return config;
    }

    private <T> Builder set(Setting<T> setting, @Nullable T value) {
      values.put(setting, setting.check(value));
      return this;
    }

    /** Sets a value read from a flag. */
    private <T> void put(Setting<T> setting, @Nullable Object value) {
      set(setting, setting.cast(value));
    }

    private Builder range(Setting<DurationRange> setting, Duration min, Duration max) {
      Objects.requireNonNull(min, setting.name() + " min");
      Objects.requireNonNull(max, setting.name() + " max");
      DurationRange range;
      try {
        range = new DurationRange(min, max);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(setting.name() + ": " + e.getMessage(), e);
      }
      return set(setting, range);
    }
  }
}

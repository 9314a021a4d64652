package io.s64.emulator;

import io.s64.emulator.config.Checks;
import io.s64.emulator.config.ConfigFlags;
import io.s64.emulator.internal.DurationText;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The emulator's settings: where it listens, its limits, its timings and its faults. Immutable;
 * build one with {@link #builder()} or read the command-line flags with {@link #parse(String...)}.
 * Every setting is optional and defaults to the documented API behaviour (see {@link #usage()}).
 *
 * <pre>{@code
 * EmulatorConfig config = EmulatorConfig.builder()
 *     .port(0)                                   // a free port
 *     .searchDuration(Duration.ofSeconds(2), Duration.ofSeconds(5))
 *     .clock(manualClock)                        // tests drive time
 *     .build();
 * }</pre>
 *
 * <p>{@link #toString()} lists every setting except the API keys and the webhook secrets
 * themselves (only their count).
 */
public final class EmulatorConfig {
  private final String host;
  private final int port;
  private final long seed;
  private final Set<String> apiKeys;
  private final int rateLimit;
  private final Duration rateWindow;
  private final int slots;
  private final DurationRange searchDuration;
  private final DurationRange exportDuration;
  private final Duration cursorTtl;
  private final Duration urlTtl;
  private final @Nullable Integer results;
  private final boolean shortPages;
  private final double faultRate;
  private final Map<FaultKind, Double> faultOverrides;
  private final double downloadCut;
  private final Duration slowResponseDelay;
  private final boolean retryAfter;
  private final DurationRange enrichDuration;
  private final double enrichFailRate;
  private final boolean allowHighTier;
  private final @Nullable String webhookSecret;
  private final @Nullable String webhookSecretOld;
  private final Duration webhookTimeout;
  private final Duration webhookBackoff;
  private final int webhookAttempts;
  private final InstantSource clock;

  private EmulatorConfig(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.seed = b.seed;
    this.apiKeys = Collections.unmodifiableSet(new LinkedHashSet<>(b.apiKeys));
    this.rateLimit = b.rateLimit;
    this.rateWindow = b.rateWindow;
    this.slots = b.slots;
    this.searchDuration = b.searchDuration;
    this.exportDuration = b.exportDuration;
    this.cursorTtl = b.cursorTtl;
    this.urlTtl = b.urlTtl;
    this.results = b.results;
    this.shortPages = b.shortPages;
    this.faultRate = b.faultRate;
    this.faultOverrides = Collections.unmodifiableMap(new EnumMap<>(b.faultOverrides));
    this.downloadCut = b.downloadCut;
    this.slowResponseDelay = b.slowResponseDelay;
    this.retryAfter = b.retryAfter;
    this.enrichDuration = b.enrichDuration;
    this.enrichFailRate = b.enrichFailRate;
    this.allowHighTier = b.allowHighTier;
    this.webhookSecret = b.webhookSecret;
    this.webhookSecretOld = b.webhookSecretOld;
    this.webhookTimeout = b.webhookTimeout;
    this.webhookBackoff = b.webhookBackoff;
    this.webhookAttempts = b.webhookAttempts;
    this.clock = b.clock;
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration's settings, to derive a variant. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Reads the command-line flags ({@code --port 0 --search-duration 2s..5s ...}); flags may also
   * be written {@code --flag=value}.
   *
   * @throws IllegalArgumentException naming the flag and the value when one is unknown or invalid
   */
  public static EmulatorConfig parse(String... args) {
    return ConfigFlags.parse(args);
  }

  /** Help text for every flag, with its default. */
  public static String usage() {
    return ConfigFlags.usage();
  }

  /** The interface to bind, {@code 127.0.0.1} by default. */
  public String host() {
    return host;
  }

  /** The port to bind; {@code 0} picks a free one. Default {@code 8064}. */
  public int port() {
    return port;
  }

  /** The seed of rows, enrichment results, durations, job failures and faults. Default 64. */
  public long seed() {
    return seed;
  }

  /** The accepted API keys; empty (the default) accepts any non-empty key. */
  public Set<String> apiKeys() {
    return apiKeys;
  }

  /** Accepted requests per key per rate window. Default {@code 500}. */
  public int rateLimit() {
    return rateLimit;
  }

  /** The fixed rate window, aligned to multiples of its length since the epoch. Default 60s. */
  public Duration rateWindow() {
    return rateWindow;
  }

  /** Concurrent deep searches per organization (all keys). Default {@code 5}. */
  public int slots() {
    return slots;
  }

  /** How long a deep search runs. Default {@code 30s..120s}. */
  public DurationRange searchDuration() {
    return searchDuration;
  }

  /** How long an export runs. Default {@code 5s..20s}. */
  public DurationRange exportDuration() {
    return exportDuration;
  }

  /** How long a page cursor stays valid. Default 900s. */
  public Duration cursorTtl() {
    return cursorTtl;
  }

  /** How long a signed download URL stays valid. Default 900s. */
  public Duration urlTtl() {
    return urlTtl;
  }

  /** The fixed row count of every search, or empty (the default) for a count derived per query. */
  public OptionalInt results() {
    return results == null ? OptionalInt.empty() : OptionalInt.of(results);
  }

  /** Whether some pages are short and page 2 is empty while {@code has_more} stays true. */
  public boolean shortPages() {
    return shortPages;
  }

  /** The total fault probability spread evenly over the six {@link FaultKind}s. Default 0. */
  public double faultRate() {
    return faultRate;
  }

  /**
   * The probability of {@code kind}: its own setting, else a sixth of {@link #faultRate()} (for
   * {@link FaultKind#WINDOW_EXHAUSTED}, which the rate does not cover, 0).
   */
  public double faultProbability(FaultKind kind) {
    Double own = faultOverrides.get(kind);
    if (own != null) {
      return own;
    }
    return FaultKind.SPREAD.contains(kind) ? faultRate / FaultKind.SPREAD.size() : 0;
  }

  /** The probability that a storage download is cut partway. Default 0. */
  public double downloadCut() {
    return downloadCut;
  }

  /** The delay of a {@link FaultKind#SLOW_RESPONSE}. Default 30s. */
  public Duration slowResponseDelay() {
    return slowResponseDelay;
  }

  /** Whether rate-limit 429s carry {@code Retry-After}. Default false. */
  public boolean retryAfter() {
    return retryAfter;
  }

  /** How long an enrichment job (people or company intelligence) runs. Default 30s..5m. */
  public DurationRange enrichDuration() {
    return enrichDuration;
  }

  /** The probability that an enrichment job fails (seeded draw per job). Default 0. */
  public double enrichFailRate() {
    return enrichFailRate;
  }

  /** Whether {@code tier: "high"} is accepted; otherwise it is a 403. Default false. */
  public boolean allowHighTier() {
    return allowHighTier;
  }

  /** The webhook signing secret; empty (the default) sends unsigned deliveries. */
  public Optional<String> webhookSecret() {
    return Optional.ofNullable(webhookSecret);
  }

  /** The previous signing secret during a rotation (signed second); empty by default. */
  public Optional<String> webhookSecretOld() {
    return Optional.ofNullable(webhookSecretOld);
  }

  /** How long a webhook delivery attempt may take, in real time. Default 10s. */
  public Duration webhookTimeout() {
    return webhookTimeout;
  }

  /** The delay before the first webhook retry, doubling after each. Default 1s. */
  public Duration webhookBackoff() {
    return webhookBackoff;
  }

  /** Webhook delivery attempts per event, the first one included. Default 5. */
  public int webhookAttempts() {
    return webhookAttempts;
  }

  /** The source of all emulator time. Default the system clock. */
  public InstantSource clock() {
    return clock;
  }

  @Override
  public String toString() {
    StringBuilder faults = new StringBuilder();
    for (FaultKind kind : FaultKind.values()) {
      double p = faultProbability(kind);
      if (p > 0) {
        faults.append(faults.length() == 0 ? "" : ",").append(kind).append('=').append(p);
      }
    }
    return "EmulatorConfig[host=" + host + ", port=" + port + ", seed=" + seed
        + ", apiKeys=" + (apiKeys.isEmpty() ? "any" : apiKeys.size() + " configured")
        + ", rateLimit=" + rateLimit + ", rateWindow=" + DurationText.format(rateWindow)
        + ", slots=" + slots + ", searchDuration=" + searchDuration
        + ", exportDuration=" + exportDuration + ", cursorTtl=" + DurationText.format(cursorTtl)
        + ", urlTtl=" + DurationText.format(urlTtl)
        + ", results=" + (results == null ? "derived" : results)
        + ", shortPages=" + shortPages + ", faults=" + (faults.length() == 0 ? "none" : faults)
        + ", downloadCut=" + downloadCut + ", slowDelay=" + DurationText.format(slowResponseDelay)
        + ", retryAfter=" + retryAfter + ", enrichDuration=" + enrichDuration
        + ", enrichFailRate=" + enrichFailRate + ", allowHighTier=" + allowHighTier
        + ", webhookSecrets=" + (webhookSecret == null ? "none"
            : (webhookSecretOld == null ? 1 : 2) + " configured")
        + ", webhookTimeout=" + DurationText.format(webhookTimeout)
        + ", webhookBackoff=" + DurationText.format(webhookBackoff)
        + ", webhookAttempts=" + webhookAttempts + ", clock=" + clock + "]";
  }

  /**
   * Collects settings; each method checks its argument and names it in the exception. Not
   * thread-safe; {@link #build()} may be called more than once.
   */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 8064;
    private long seed = 64;
    private final Set<String> apiKeys = new LinkedHashSet<>();
    private int rateLimit = 500;
    private Duration rateWindow = Duration.ofSeconds(60);
    private int slots = 5;
    private DurationRange searchDuration =
        new DurationRange(Duration.ofSeconds(30), Duration.ofSeconds(120));
    private DurationRange exportDuration =
        new DurationRange(Duration.ofSeconds(5), Duration.ofSeconds(20));
    private Duration cursorTtl = Duration.ofSeconds(900);
    private Duration urlTtl = Duration.ofSeconds(900);
    private @Nullable Integer results;
    private boolean shortPages;
    private double faultRate;
    private final Map<FaultKind, Double> faultOverrides = new EnumMap<>(FaultKind.class);
    private double downloadCut;
    private Duration slowResponseDelay = Duration.ofSeconds(30);
    private boolean retryAfter;
    private DurationRange enrichDuration =
        new DurationRange(Duration.ofSeconds(30), Duration.ofSeconds(300));
    private double enrichFailRate;
    private boolean allowHighTier;
    private @Nullable String webhookSecret;
    private @Nullable String webhookSecretOld;
    private Duration webhookTimeout = Duration.ofSeconds(10);
    private Duration webhookBackoff = Duration.ofSeconds(1);
    private int webhookAttempts = 5;
    private InstantSource clock = InstantSource.system();

    private Builder() {}

    private Builder(EmulatorConfig c) {
      host = c.host;
      port = c.port;
      seed = c.seed;
      apiKeys.addAll(c.apiKeys);
      rateLimit = c.rateLimit;
      rateWindow = c.rateWindow;
      slots = c.slots;
      searchDuration = c.searchDuration;
      exportDuration = c.exportDuration;
      cursorTtl = c.cursorTtl;
      urlTtl = c.urlTtl;
      results = c.results;
      shortPages = c.shortPages;
      faultRate = c.faultRate;
      faultOverrides.putAll(c.faultOverrides);
      downloadCut = c.downloadCut;
      slowResponseDelay = c.slowResponseDelay;
      retryAfter = c.retryAfter;
      enrichDuration = c.enrichDuration;
      enrichFailRate = c.enrichFailRate;
      allowHighTier = c.allowHighTier;
      webhookSecret = c.webhookSecret;
      webhookSecretOld = c.webhookSecretOld;
      webhookTimeout = c.webhookTimeout;
      webhookBackoff = c.webhookBackoff;
      webhookAttempts = c.webhookAttempts;
      clock = c.clock;
    }

    /** The interface to bind (default {@code 127.0.0.1}). */
    public Builder host(String host) {
      Objects.requireNonNull(host, "host");
      Checks.require(!host.isBlank(), "host must not be blank but was '" + host + "'");
      this.host = host;
      return this;
    }

    /** The port, {@code 0..65535}; 0 picks a free one (default 8064). */
    public Builder port(int port) {
      Checks.require(port >= 0 && port <= 65535, "port must be in 0..65535 but was " + port);
      this.port = port;
      return this;
    }

    /** The seed of rows, enrichment results, durations, job failures and faults (default 64). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The only keys to accept (replacing earlier ones); none, the default, accepts any key. */
    public Builder apiKeys(Collection<String> keys) {
      Objects.requireNonNull(keys, "keys");
      for (String key : keys) {
        Checks.require(key != null && !key.isBlank(), "apiKeys must not contain a blank key");
      }
      apiKeys.clear();
      apiKeys.addAll(keys);
      return this;
    }

    /** Accepted requests per key per window, at least 1 (default 500). */
    public Builder rateLimit(int rateLimit) {
      Checks.require(rateLimit >= 1, "rateLimit must be at least 1 but was " + rateLimit);
      this.rateLimit = rateLimit;
      return this;
    }

    /** The rate window length, at least 1ms (default 60s). */
    public Builder rateWindow(Duration window) {
      this.rateWindow = Checks.atLeastOneMilli("rateWindow", window);
      return this;
    }

    /** Concurrent deep searches per organization, at least 1 (default 5). */
    public Builder slots(int slots) {
      Checks.require(slots >= 1, "slots must be at least 1 but was " + slots);
      this.slots = slots;
      return this;
    }

    /** How long a deep search runs, drawn per search in {@code [min, max]} (default 30s..120s). */
    public Builder searchDuration(Duration min, Duration max) {
      this.searchDuration = Checks.range("searchDuration", min, max);
      return this;
    }

    /** How long an export runs, drawn per export from {@code [min, max]} (default 5s..20s). */
    public Builder exportDuration(Duration min, Duration max) {
      this.exportDuration = Checks.range("exportDuration", min, max);
      return this;
    }

    /** How long a cursor stays valid, at least 1ms (default 900s). */
    public Builder cursorTtl(Duration ttl) {
      this.cursorTtl = Checks.atLeastOneMilli("cursorTtl", ttl);
      return this;
    }

    /** How long a signed URL stays valid, at least 1s (default 900s). */
    public Builder urlTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "urlTtl");
      Checks.require(ttl.compareTo(Duration.ofSeconds(1)) >= 0,
          "urlTtl must be at least 1s but was " + DurationText.format(ttl));
      this.urlTtl = ttl;
      return this;
    }

    /** A fixed row count for every search (at least 0), or null (the default) to derive it. */
    public Builder results(@Nullable Integer fixedRowCount) {
      Checks.require(fixedRowCount == null || fixedRowCount >= 0,
          "results must be at least 0 but was " + fixedRowCount);
      this.results = fixedRowCount;
      return this;
    }

    /** Short pages: page 2 empty, every third page half full (default false). */
    public Builder shortPages(boolean shortPages) {
      this.shortPages = shortPages;
      return this;
    }

    /** The total fault probability spread evenly over the six kinds, {@code 0..1} (default 0). */
    public Builder faultRate(double probability) {
      this.faultRate = Checks.probability("faultRate", probability);
      return this;
    }

    /** The probability of one fault kind, {@code 0..1}; overrides its share of the fault rate. */
    public Builder fault(FaultKind kind, double probability) {
      Objects.requireNonNull(kind, "kind");
      faultOverrides.put(kind, Checks.probability("fault " + kind, probability));
      return this;
    }

    /** The probability that a storage download is cut partway, {@code 0..1} (default 0). */
    public Builder downloadCut(double probability) {
      this.downloadCut = Checks.probability("downloadCut", probability);
      return this;
    }

    /** The delay of a slow response, not negative (default 30s). */
    public Builder slowResponseDelay(Duration delay) {
      Objects.requireNonNull(delay, "slowResponseDelay");
      Checks.require(!delay.isNegative(),
          "slowResponseDelay must not be negative but was " + delay);
      this.slowResponseDelay = delay;
      return this;
    }

    /** Whether rate-limit 429s carry {@code Retry-After} (default false). */
    public Builder retryAfter(boolean retryAfter) {
      this.retryAfter = retryAfter;
      return this;
    }

    /**
     * How long an enrichment job runs, drawn per job in {@code [min, max]} (default 30s..5m, the
     * documented "P95 about 5 minutes").
     */
    public Builder enrichDuration(Duration min, Duration max) {
      this.enrichDuration = Checks.range("enrichDuration", min, max);
      return this;
    }

    /** The probability that an enrichment job fails, {@code 0..1} (default 0). */
    public Builder enrichFailRate(double probability) {
      this.enrichFailRate = Checks.probability("enrichFailRate", probability);
      return this;
    }

    /** Whether {@code tier: "high"} is accepted instead of answered with 403 (default false). */
    public Builder allowHighTier(boolean allow) {
      this.allowHighTier = allow;
      return this;
    }

    /**
     * Signs webhook deliveries with {@code newSecret} and, during a rotation, also with {@code
     * oldSecret} (the header then carries two {@code v1} segments, new first). Without this call
     * (the default) deliveries are unsigned.
     */
    public Builder webhookSecrets(String newSecret, @Nullable String oldSecret) {
      Objects.requireNonNull(newSecret, "webhookSecret");
      Checks.require(!newSecret.isBlank(), "webhookSecret must not be blank");
      Checks.require(oldSecret == null || !oldSecret.isBlank(),
          "webhookSecretOld must not be blank");
      this.webhookSecret = newSecret;
      this.webhookSecretOld = oldSecret;
      return this;
    }

    /** How long one webhook attempt may take in real time, at least 1ms (default 10s). */
    public Builder webhookTimeout(Duration timeout) {
      this.webhookTimeout = Checks.atLeastOneMilli("webhookTimeout", timeout);
      return this;
    }

    /**
     * The delay, by the emulator clock, before the first webhook retry; it doubles after each
     * further failure. Not negative (default 1s: retries after 1s, 2s, 4s, 8s).
     */
    public Builder webhookBackoff(Duration backoff) {
      Objects.requireNonNull(backoff, "webhookBackoff");
      Checks.require(!backoff.isNegative(),
          "webhookBackoff must not be negative but was " + backoff);
      this.webhookBackoff = backoff;
      return this;
    }

    /** Delivery attempts per webhook event, first one included, {@code 1..20} (default 5). */
    public Builder webhookAttempts(int attempts) {
      Checks.require(attempts >= 1 && attempts <= 20,
          "webhookAttempts must be in 1..20 but was " + attempts);
      this.webhookAttempts = attempts;
      return this;
    }

    /** The source of all emulator time (default the system clock); see {@link ManualClock}. */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @throws IllegalArgumentException if the fault probabilities add up to more than 1
     */
    public EmulatorConfig build() {
      EmulatorConfig config = new EmulatorConfig(this);
      double sum = 0;
      for (FaultKind kind : FaultKind.values()) {
        sum += config.faultProbability(kind);
      }
      Checks.require(sum <= 1 + 1e-9,
          "fault probabilities (faultRate and per-kind faults) must add up to at most 1 "
              + "but add up to " + sum);
      return config;
    }
  }
}

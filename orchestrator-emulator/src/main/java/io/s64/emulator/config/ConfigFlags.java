package io.s64.emulator.config;

import io.s64.emulator.DurationRange;
import io.s64.emulator.EmulatorConfig;
import io.s64.emulator.FaultKind;
import io.s64.emulator.internal.DurationText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The command-line flags of the emulator, shared by {@code EmulatorMain} and the {@code s64
 * emulator} command: one table drives both parsing and the help text.
 */
public final class ConfigFlags {
  /** What a flag does while the arguments are read. */
  private static final class State {
    final EmulatorConfig.Builder builder = EmulatorConfig.builder();
    final List<String> keys = new ArrayList<>();
    @Nullable String webhookSecret;
    @Nullable String webhookSecretOld;
  }

  /**
   * One flag.
   *
   * @param name the flag, with its dashes
   * @param arg the placeholder of its value, or null for a switch
   * @param defaultText the default as shown in the help
   * @param help one line of help
   * @param apply applies the value (a switch receives "true" or "false")
   */
  private record Flag(
      String name, @Nullable String arg, String defaultText, String help,
      BiConsumer<State, String> apply) {}

  private static final List<Flag> FLAGS = List.of(
      new Flag("--host", "HOST", "127.0.0.1", "interface to bind",
          (s, v) -> s.builder.host(v)),
      new Flag("--port", "PORT", "8064", "port to bind; 0 picks a free port",
          (s, v) -> s.builder.port(integer(v))),
      new Flag("--seed", "N", "64", "seed of rows, results, durations, failures and faults",
          (s, v) -> s.builder.seed(longInteger(v))),
      new Flag("--api-key", "KEY", "none: any non-empty key", "accept only this key (repeatable)",
          (s, v) -> s.keys.add(v)),
      new Flag("--rate-limit", "N", "500", "accepted requests per key per window",
          (s, v) -> s.builder.rateLimit(integer(v))),
      new Flag("--rate-window", "DURATION", "60s", "fixed window, aligned to the epoch",
          (s, v) -> s.builder.rateWindow(DurationText.parse(v))),
      new Flag("--slots", "N", "5", "concurrent deep searches per organization",
          (s, v) -> s.builder.slots(integer(v))),
      new Flag("--search-duration", "MIN..MAX", "30s..120s", "how long a deep search runs",
          (s, v) -> {
            DurationRange r = DurationText.parseRange(v);
            s.builder.searchDuration(r.min(), r.max());
          }),
      new Flag("--export-duration", "MIN..MAX", "5s..20s", "how long an export runs",
          (s, v) -> {
            DurationRange r = DurationText.parseRange(v);
            s.builder.exportDuration(r.min(), r.max());
          }),
      new Flag("--cursor-ttl", "DURATION", "900s", "how long a page cursor stays valid",
          (s, v) -> s.builder.cursorTtl(DurationText.parse(v))),
      new Flag("--url-ttl", "DURATION", "900s", "how long a signed download URL stays valid",
          (s, v) -> s.builder.urlTtl(DurationText.parse(v))),
      new Flag("--results", "N", "derived per query, 20..200", "fixed row count of every search",
          (s, v) -> s.builder.results(integer(v))),
      new Flag("--short-pages", null, "off", "page 2 empty, every third page half full",
          (s, v) -> s.builder.shortPages(Boolean.parseBoolean(v))),
      new Flag("--fault-rate", "P", "0", "fault probability, split evenly over the six kinds",
          (s, v) -> s.builder.faultRate(probability(v))),
      new Flag("--fault-500", "P", "share of --fault-rate", "500 Internal server error",
          (s, v) -> s.builder.fault(FaultKind.HTTP_500, probability(v))),
      new Flag("--fault-502", "P", "share of --fault-rate", "502 with an HTML page",
          (s, v) -> s.builder.fault(FaultKind.HTTP_502_HTML, probability(v))),
      new Flag("--fault-503", "P", "share of --fault-rate", "503 backend not configured",
          (s, v) -> s.builder.fault(FaultKind.HTTP_503, probability(v))),
      new Flag("--fault-reset", "P", "share of --fault-rate", "connection reset, no response",
          (s, v) -> s.builder.fault(FaultKind.CONNECTION_RESET, probability(v))),
      new Flag("--fault-slow", "P", "share of --fault-rate", "response sent after --slow-delay",
          (s, v) -> s.builder.fault(FaultKind.SLOW_RESPONSE, probability(v))),
      new Flag("--fault-lost-start", "P", "share of --fault-rate",
          "start accepted, then the connection reset",
          (s, v) -> s.builder.fault(FaultKind.LOST_START, probability(v))),
      new Flag("--fault-window-exhausted", "P", "0",
          "another client spends the key's window: 429 until its reset (not in --fault-rate)",
          (s, v) -> s.builder.fault(FaultKind.WINDOW_EXHAUSTED, probability(v))),
      new Flag("--fault-download-cut", "P", "0", "storage download cut partway",
          (s, v) -> s.builder.downloadCut(probability(v))),
      new Flag("--slow-delay", "DURATION", "30s", "delay of a slow response",
          (s, v) -> s.builder.slowResponseDelay(DurationText.parse(v))),
      new Flag("--retry-after", null, "off", "send Retry-After on rate-limit 429s",
          (s, v) -> s.builder.retryAfter(Boolean.parseBoolean(v))),
      new Flag("--enrich-duration", "MIN..MAX", "30s..5m",
          "how long a people/company intelligence job runs",
          (s, v) -> {
            DurationRange r = DurationText.parseRange(v);
            s.builder.enrichDuration(r.min(), r.max());
          }),
      new Flag("--enrich-fail-rate", "P", "0", "probability that an enrichment job fails",
          (s, v) -> s.builder.enrichFailRate(probability(v))),
      new Flag("--allow-high-tier", null, "off", "accept tier \"high\" (else 403)",
          (s, v) -> s.builder.allowHighTier(Boolean.parseBoolean(v))),
      new Flag("--webhook-secret", "SECRET", "none: unsigned", "sign webhook deliveries",
          (s, v) -> s.webhookSecret = nonBlank(v)),
      new Flag("--webhook-secret-old", "SECRET", "none",
          "previous secret during a rotation (signed second)",
          (s, v) -> s.webhookSecretOld = nonBlank(v)),
      new Flag("--webhook-timeout", "DURATION", "10s", "real-time limit of one delivery attempt",
          (s, v) -> s.builder.webhookTimeout(DurationText.parse(v))),
      new Flag("--webhook-backoff", "DURATION", "1s", "delay before the first retry, doubling",
          (s, v) -> s.builder.webhookBackoff(DurationText.parse(v))),
      new Flag("--webhook-attempts", "N", "5", "delivery attempts per event (1..20)",
          (s, v) -> s.builder.webhookAttempts(integer(v))));

  private ConfigFlags() {}

  public static EmulatorConfig parse(String... args) {
    State state = new State();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      int eq = arg.indexOf('=');
      String name = eq > 0 ? arg.substring(0, eq) : arg;
      Flag flag = find(name);
      if (flag == null) {
        throw new IllegalArgumentException(arg.startsWith("-")
            ? "unknown flag '" + name + "'"
            : "unexpected argument '" + arg + "'");
      }
      String value;
      if (flag.arg() == null) {
        value = eq > 0 ? switchValue(flag, arg.substring(eq + 1)) : "true";
      } else if (eq > 0) {
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("flag " + name + " needs a value " + flag.arg());
      }
      try {
        flag.apply().accept(state, value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "flag " + name + " '" + value + "': " + e.getMessage(), e);
      }
    }
    if (!state.keys.isEmpty()) {
      state.builder.apiKeys(state.keys);
    }
    if (state.webhookSecret != null) {
      state.builder.webhookSecrets(state.webhookSecret, state.webhookSecretOld);
    } else if (state.webhookSecretOld != null) {
      throw new IllegalArgumentException(
          "flag --webhook-secret-old needs --webhook-secret (the new secret) as well");
    }
    try {
      return state.builder.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("flags --fault-*: " + e.getMessage(), e);
    }
  }

  public static String usage() {
    StringBuilder out = new StringBuilder()
        .append("Usage: java -jar orchestrator-emulator.jar [flags]\n")
        .append("A local server that speaks the Sixtyfour search and enrichment API, for tests ")
        .append("and benchmarks.\n")
        .append("Durations: 250ms, 2s, 1m; ranges MIN..MAX (one duration = fixed). ")
        .append("Flags also take --flag=value.\n\n");
    for (Flag flag : FLAGS) {
      String left = flag.name() + (flag.arg() == null ? "" : " " + flag.arg());
      out.append(String.format(Locale.ROOT, "  %-28s %s (default: %s)%n",
          left, flag.help(), flag.defaultText()));
    }
    out.append(String.format(Locale.ROOT, "  %-28s %s%n", "--help", "print this help and exit"));
    return out.toString();
  }

  /** The names of every flag, in help order (for tests and the s64 CLI). */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    for (Flag flag : FLAGS) {
      names.add(flag.name());
    }
    return names;
  }

  private static @Nullable Flag find(String name) {
    for (Flag flag : FLAGS) {
      if (flag.name().equals(name)) {
        return flag;
      }
    }
    return null;
  }

  private static String switchValue(Flag flag, String value) {
    if (!value.equals("true") && !value.equals("false")) {
      throw new IllegalArgumentException(
          "flag " + flag.name() + " takes no value, or =true / =false, but was '" + value + "'");
    }
    return value;
  }

  private static String nonBlank(String text) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("must not be blank but was '" + text + "'");
    }
    return text;
  }

  private static int integer(String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected an integer but was '" + text + "'", e);
    }
  }

  private static long longInteger(String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected an integer but was '" + text + "'", e);
    }
  }

  private static double probability(String text) {
    try {
      return Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "expected a probability in 0..1 but was '" + text + "'", e);
    }
  }
}

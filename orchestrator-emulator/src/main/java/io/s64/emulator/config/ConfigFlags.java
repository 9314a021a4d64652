package io.s64.emulator.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The command-line flags of the emulator, shared by {@code EmulatorMain} and the {@code s64
 * emulator} command. Reading and {@code --help} both come from the declarations in {@link
 * Settings}: a setting with a flag is a flag, its syntax says how the value is written, its rules
 * check it.
 */
public final class ConfigFlags {
  private ConfigFlags() {}

  /**
   * Reads {@code --flag value} and {@code --flag=value} arguments; a switch takes no value, or
   * {@code =true} / {@code =false}. A repeatable flag adds up; for others the last one wins.
   *
   * @return the value of each setting given, checked against its rules, in the order first given
   * @throws IllegalArgumentException naming the flag and the value when a flag is unknown, lacks
   *     its value or its value is invalid (a secret's value is never repeated)
   */
  public static Map<Setting<?>, @Nullable Object> parse(String... args) {
    Map<Setting<?>, @Nullable Object> values = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      int eq = arg.indexOf('=');
      String name = eq > 0 ? arg.substring(0, eq) : arg;
      Setting<?> setting = find(name);
      if (setting == null) {
        throw new IllegalArgumentException(arg.startsWith("-")
            ? "unknown flag '" + name + "'"
            : "unexpected argument '" + arg + "'");
      }
      String value;
      if (eq > 0) {
        value = arg.substring(eq + 1);
      } else if (setting.syntax().placeholder() == null) {
        value = "true";
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException(
            "flag " + name + " needs a value " + setting.syntax().placeholder());
      }
      values.put(setting, read(setting, values.get(setting), value));
    }
    return values;
  }

  /** The help text: every flag with its value, help and default. */
  public static String usage() {
    StringBuilder out = new StringBuilder()
        .append("Usage: java -jar orchestrator-emulator.jar [flags]\n")
        .append("A local server that speaks the Sixtyfour search, enrichment and workflows API, ")
        .append("for tests and benchmarks.\n")
        .append("Durations: 250ms, 2s, 1m; ranges MIN..MAX (one duration = fixed). ")
        .append("Flags also take --flag=value.\n\n");
    for (Setting<?> setting : Settings.ALL) {
      if (setting.flag() != null) {
        String placeholder = setting.syntax().placeholder();
        String left = setting.flag() + (placeholder == null ? "" : " " + placeholder);
        out.append(String.format(Locale.ROOT, "  %-28s %s (default: %s)%n",
            left, setting.help(), setting.defaultHelp()));
      }
    }
    out.append(String.format(Locale.ROOT, "  %-28s %s%n", "--help", "print this help and exit"));
    return out.toString();
  }

  /** The names of every flag, in help order (for tests and the s64 CLI). */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    for (Setting<?> setting : Settings.ALL) {
      if (setting.flag() != null) {
        names.add(setting.flag());
      }
    }
    return names;
  }

  private static <T> @Nullable T read(Setting<T> setting, @Nullable Object earlier, String text) {
    try {
      return setting.check(setting.syntax().parse(setting.cast(earlier), text));
    } catch (IllegalArgumentException e) {
      String shown = setting.secret() ? "" : " '" + text + "'";
      throw new IllegalArgumentException(
          "flag " + setting.flag() + shown + ": " + e.getMessage(), e);
    }
  }

  private static @Nullable Setting<?> find(String flag) {
    for (Setting<?> setting : Settings.ALL) {
      if (flag.equals(setting.flag())) {
        return setting;
      }
    }
    return null;
  }
}

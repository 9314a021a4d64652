package io.s64.emulator.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One setting of the emulator, declared once in {@link Settings}: its name (that of the {@code
 * EmulatorConfig} getter and builder method), its default, its flag and one line of help, and the
 * rules a value must follow. {@code EmulatorConfig}, its builder, the flag parser and {@code
 * --help} all read the declaration. Immutable: each {@code with}-style method returns a copy, so a
 * declaration reads as one expression.
 *
 * <p>A setting whose default is null is optional (null means unset); any other setting rejects
 * null with a {@link NullPointerException} naming it.
 *
 * @param <T> the value type
 */
public final class Setting<T> {
  private final String name;
  private final Syntax<T> syntax;
  private final @Nullable T defaultValue;
  private final @Nullable String flag;
  private final String help;
  private final @Nullable String defaultText;
  private final List<Rule<? super T>> rules;
  private final boolean secret;
  private final @Nullable Function<? super T, String> shown;
  private final boolean listed;

  private Setting(String name, Syntax<T> syntax, @Nullable T defaultValue, @Nullable String flag,
      String help, @Nullable String defaultText, List<Rule<? super T>> rules, boolean secret,
      @Nullable Function<? super T, String> shown, boolean listed) {
    this.name = name;
    this.syntax = syntax;
    this.defaultValue = defaultValue;
    this.flag = flag;
    this.help = help;
    this.defaultText = defaultText;
    this.rules = List.copyOf(rules);
    this.secret = secret;
    this.shown = shown;
    this.listed = listed;
  }

  /** A setting without a flag (only the builder sets it), no rules, listed by toString. */
  static <T> Setting<T> of(String name, Syntax<T> syntax, @Nullable T defaultValue) {
    return new Setting<>(name, syntax, defaultValue, null, "", null, List.of(), false, null, true);
  }

  /** A copy read from {@code flag} (with its dashes) and explained by {@code help}. */
  Setting<T> flag(String flag, String help) {
    return new Setting<>(name, syntax, defaultValue, flag, help, defaultText, rules, secret, shown,
        listed);
  }

  /** A copy whose {@code --help} shows {@code text} as its default instead of the value. */
  Setting<T> defaultText(String text) {
    return new Setting<>(name, syntax, defaultValue, flag, help, text, rules, secret, shown,
        listed);
  }

  /** A copy that also checks {@code rule}. */
  Setting<T> rule(Rule<? super T> rule) {
    List<Rule<? super T>> more = new ArrayList<>(rules);
    more.add(rule);
    return new Setting<>(name, syntax, defaultValue, flag, help, defaultText, more, secret, shown,
        listed);
  }

  /** A copy whose values never appear in a message, and in toString only as {@code shown}. */
  Setting<T> secret(Function<? super T, String> shown) {
    return new Setting<>(name, syntax, defaultValue, flag, help, defaultText, rules, true, shown,
        listed);
  }

  /** A copy that toString does not list on its own (a summary of several settings covers it). */
  Setting<T> unlisted() {
    return new Setting<>(name, syntax, defaultValue, flag, help, defaultText, rules, secret, shown,
        false);
  }

  /** The name of the getter and builder method, used in messages: {@code rateLimit}. */
  public String name() {
    return name;
  }

  /** The flag with its dashes ({@code --rate-limit}), or null when only the builder sets it. */
  public @Nullable String flag() {
    return flag;
  }

  /** The value when none is set; null for an optional setting, which is then unset. */
  public @Nullable T defaultValue() {
    return defaultValue;
  }

  /** Whether toString lists it as {@code name=value}. */
  public boolean listed() {
    return listed;
  }

  /**
   * Checks {@code value} against the rules.
   *
   * @return the value
   * @throws NullPointerException naming the setting if it is required and {@code value} is null
   * @throws IllegalArgumentException naming the setting and the value (unless it is a secret) if
   *     a rule is broken
   */
  public @Nullable T check(@Nullable T value) {
    if (value == null) {
      if (defaultValue != null) {
        throw new NullPointerException(name);
      }
      return null;
    }
    for (Rule<? super T> rule : rules) {
      if (!rule.test().test(value)) {
        throw new IllegalArgumentException(name + " " + rule.text()
            + (secret ? "" : " but was " + quoted(value)));
      }
    }
    return value;
  }

  /** {@code value} as a {@code T}: for values read from flags, which are checked already. */
  @SuppressWarnings("unchecked")
  public @Nullable T cast(@Nullable Object value) {
    return (T) value;
  }

  /** How toString shows {@code value}; a secret only as its declared summary. */
  public String show(@Nullable T value) {
    if (shown != null && value != null) {
      return shown.apply(value);
    }
    if (value == null) {
      return defaultText != null ? defaultText : "none";
    }
    return syntax.format(value);
  }

  Syntax<T> syntax() {
    return syntax;
  }

  boolean secret() {
    return secret;
  }

  /** The help line's text: the help, and the allowed range when a rule gives one. */
  String help() {
    StringBuilder text = new StringBuilder(help);
    for (Rule<? super T> rule : rules) {
      if (rule.hint() != null) {
        text.append(" (").append(rule.hint()).append(')');
      }
    }
    return text.toString();
  }

  /** The default as {@code --help} shows it. */
  String defaultHelp() {
    if (defaultText != null) {
      return defaultText;
    }
    return defaultValue == null ? "none" : syntax.format(defaultValue);
  }

  private String quoted(T value) {
    String text = syntax.format(value);
    return value instanceof String ? "'" + text + "'" : text;
  }

  @Override
  public String toString() {
    return flag == null ? name : name + " (" + flag + ")";
  }
}

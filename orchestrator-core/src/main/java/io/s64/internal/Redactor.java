package io.s64.internal;

import java.util.regex.Pattern;

/**
 * Removes secrets from text that may reach a message or a log: the API key (a hostile or buggy
 * server may echo it back) and URLs with query strings (signed download URLs).
 */
public final class Redactor {
  private static final Pattern SIGNED_URL = Pattern.compile("https?://[^\\s\"'<>]*\\?[^\\s\"'<>]*");

  private final String key;

  public Redactor(String key) {
    this.key = key;
  }

  /** The text with the key and any signed-looking URL replaced. */
  public String clean(String text) {
    String out = text;
    if (key.length() >= 4 && out.contains(key)) {
      out = out.replace(key, "<redacted>");
    }
    if (out.indexOf("://") >= 0) {
      out = SIGNED_URL.matcher(out).replaceAll("<url>");
    }
    return out;
  }
}

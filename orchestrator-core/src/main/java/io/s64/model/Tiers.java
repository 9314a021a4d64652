package io.s64.model;

import io.s64.error.ConfigurationException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Checks shared by the enrichment requests. */
final class Tiers {
  private static final Set<String> TIERS = Set.of("low", "micro", "medium", "high");

  private Tiers() {}

  static @Nullable String tier(@Nullable String tier) {
    if (tier == null) {
      return null;
    }
    String t = tier.trim().toLowerCase(Locale.ROOT);
    if (!TIERS.contains(t)) {
      throw new ConfigurationException("tier must be one of low, micro, medium, high but was '" + tier + "'");
    }
    return t;
  }

  static @Nullable String webhookUrl(@Nullable String url) {
    if (url == null) {
      return null;
    }
    if (url.isEmpty() || url.length() > 2083) {
      throw new ConfigurationException("webhookUrl must be 1..2083 characters but was " + url.length());
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("webhookUrl must be a URL but was '" + url + "'");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
      throw new ConfigurationException("webhookUrl must be an http(s) URL with a host but was '" + url + "'");
    }
    return url;
  }
}

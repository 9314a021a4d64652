package io.s64.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The names of one API key's keys in Redis. Every name starts with {@code s64:} and a salted
 * SHA-256 digest of the API key (and of the optional namespace that separates deployments sharing
 * one Redis), so Redis holds no trace of the key itself, while every process that has the key
 * derives the same names.
 *
 * <p>All names of one key space share the hash tag {@code {digest}}, so on a Redis Cluster they
 * land in one slot and the scripts that touch several of them stay legal.
 */
final class KeySpace {
  /** The salt: changes only with an incompatible change of the layout below. */
  private static final String SALT = "s64/redis/v1";

  private final String prefix;

  private KeySpace(String prefix) {
    this.prefix = prefix;
  }

  /**
   * The key space of {@code apiKey} within {@code namespace}.
   *
   * @param apiKey the API key; only its digest is kept
   * @param namespace separates deployments that share one Redis and one key; may be empty
   */
  static KeySpace of(String apiKey, String namespace) {
    return new KeySpace("s64:{" + digest(apiKey, namespace) + "}:");
  }

  /** A salted, truncated SHA-256 (128 bits, hex) of the key and namespace. */
  static String digest(String apiKey, String namespace) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(SALT.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(namespace.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(apiKey.getBytes(StandardCharsets.UTF_8));
      byte[] hash = sha.digest();
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }

  /** The prefix every name of this key space starts with. */
  String prefix() {
    return prefix;
  }

  /** The name {@code prefix + suffix}. */
  String key(String suffix) {
    return prefix + suffix;
  }
}

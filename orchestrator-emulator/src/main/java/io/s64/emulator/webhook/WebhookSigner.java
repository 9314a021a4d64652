package io.s64.emulator.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Sixtyfour-Signature} header of a webhook delivery: {@code t=<unix seconds>,v1=<hex>},
 * where {@code v1} is the lowercase hex HMAC-SHA256, keyed with the secret's UTF-8 bytes, of the
 * ASCII text {@code "<t>."} followed by the exact body bytes. During a rotation the header carries
 * one {@code v1} per secret, the new one first. Without a secret deliveries are unsigned. Immutable
 * and thread-safe (a {@link Mac} is made per signature).
 */
final class WebhookSigner {
  private static final String ALGORITHM = "HmacSHA256";
  private final @Nullable SecretKeySpec newKey;
  private final @Nullable SecretKeySpec oldKey;

  WebhookSigner(@Nullable String newSecret, @Nullable String oldSecret) {
    this.newKey = newSecret == null ? null : key(newSecret);
    this.oldKey = newSecret == null || oldSecret == null ? null : key(oldSecret);
    if (newKey != null) {
      v1(newKey, 0, new byte[0]); // loads the crypto provider now, not on a delivery
    }
  }

  /** The header value for a delivery at {@code t} of {@code body}, or null when unsigned. */
  @Nullable String header(long t, byte[] body) {
    if (newKey == null) {
      return null;
    }
    StringBuilder header = new StringBuilder("t=").append(t);
    header.append(",v1=").append(v1(newKey, t, body));
    if (oldKey != null) {
      header.append(",v1=").append(v1(oldKey, t, body));
    }
    return header.toString();
  }

  private static SecretKeySpec key(String secret) {
    return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
  }

  private static String v1(SecretKeySpec key, long t, byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
      byte[] digest = mac.doFinal(body);
      StringBuilder hex = new StringBuilder(digest.length * 2);
      for (byte b : digest) {
        hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
      }
      return hex.toString();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}

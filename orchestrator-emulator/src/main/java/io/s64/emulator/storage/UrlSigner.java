package io.s64.emulator.storage;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs storage URLs like a cloud bucket would: HMAC-SHA256, under a secret made when the emulator
 * starts, over the bucket, the object path and the expiry. A URL signed by one emulator is
 * rejected by another.
 */
public final class UrlSigner {
  private static final String ALGORITHM = "HmacSHA256";
  private final SecretKeySpec key;

  public UrlSigner() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    this.key = new SecretKeySpec(secret, ALGORITHM);
    sign("warm", "up", 0); // loads the crypto provider now, not on the event loop
  }

  /** The lower-case hex signature of {@code bucket/path} valid until {@code expires}. */
  String sign(String bucket, String path, long expires) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      byte[] digest = mac.doFinal(
          (bucket + "/" + path + "\n" + expires).getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder(digest.length * 2);
      for (byte b : digest) {
        hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
      }
      return hex.toString();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** Whether {@code signature} is this signer's for the same inputs (constant-time compare). */
  boolean verify(String bucket, String path, long expires, String signature) {
    return MessageDigest.isEqual(sign(bucket, path, expires).getBytes(StandardCharsets.US_ASCII),
        signature.getBytes(StandardCharsets.US_ASCII));
  }
}

package io.s64.batch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The first 128 bits of the SHA-256 of a dedup key ({@link Flow#dedupKey}): what {@link Dedup}
 * knows a request by. Two different requests of one run share a digest with a probability of
 * about n² / 2^105 for n requests (the exact set keeps 104 of these bits), which is nothing at
 * any size a run can reach.
 *
 * @param high bits 0..63 of the SHA-256
 * @param low bits 64..127
 */
record Digest(long high, long low) {

  /** The digest of a dedup key, read as UTF-8. */
  static Digest of(String key) {
    byte[] d;
    try {
      d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
    return new Digest(bigEndian(d, 0), bigEndian(d, 8));
  }

  private static long bigEndian(byte[] bytes, int from) {
    long v = 0;
    for (int i = from; i < from + 8; i++) {
      v = (v << 8) | (bytes[i] & 0xff);
    }
    return v;
  }
}

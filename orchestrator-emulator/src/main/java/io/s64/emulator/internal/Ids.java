package io.s64.emulator.internal;

import java.util.Base64;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Fresh ids for tasks, searches, resource handles and cursors. They come from a {@link
 * SplittableRandom} rather than {@link UUID#randomUUID()}, whose {@code SecureRandom} may read a
 * device file: the event loop must not block (and BlockHound, which the client's tests run, would
 * say so). The stream is not derived from the seed, so two emulators never hand out the same id.
 * Thread-safe.
 */
public final class Ids {
  private final SplittableRandom random = new SplittableRandom();

  /** A random UUID in the version 4 layout. */
  public synchronized String uuid() {
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  /** An opaque token: the base64url text of 128 random bits. */
  public synchronized String token() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}

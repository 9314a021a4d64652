package io.s64.emulator.internal;

import java.nio.charset.StandardCharsets;

/** Small, stable 64-bit hashing: FNV-1a for text and the SplitMix64 finalizer for mixing. */
public final class Hashing {
  /** The SplitMix64 increment: {@code mix(base + i * GOLDEN)} differs for every {@code i}. */
  public static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private Hashing() {}

  public static long text(long seed, String text) {
    long h = 0xCBF29CE484222325L ^ mix(seed);
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xFF;
      h *= 0x100000001B3L;
    }
    return mix(h);
  }

  /** A bijective scramble of 64 bits. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A value in {@code [0, bound)} taken from bits of {@code h} selected by {@code salt}. */
  public static int pick(long h, int salt, int bound) {
    return (int) Math.floorMod(mix(h + salt * GOLDEN), (long) bound);
  }
}

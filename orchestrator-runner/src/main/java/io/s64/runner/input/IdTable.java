package io.s64.runner.input;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A set of job ids, each with a positive number attached (the line it was first seen on), kept as
 * 128-bit MurmurHash3 digests in flat arrays: about 40 bytes per id whatever the id's length, so
 * tens of millions of ids fit where as many {@code String}s would not. Two different ids share a
 * digest with a probability around 10<sup>-20</sup> for a billion ids, far below any disk error.
 * Not thread-safe.
 */
public final class IdTable {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long C1 = 0x87c37b91114253d5L;
  private static final long C2 = 0x4cf5ad432745937fL;

  private long[] high = new long[64];
  private long[] low = new long[64];
  private long[] values = new long[64];
  private int size;

  /**
   * Adds {@code id} with {@code value} unless it is present.
   *
   * @param value a positive number to remember with the id
   * @return 0 when the id was added, else the value it was added with earlier
   */
  public long putIfAbsent(String id, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException("value must be positive but was " + value);
    }
    if (size * 3 >= values.length * 2) {
      grow();
    }
    long[] h = hash(id);
    int slot = find(h[0], h[1]);
    if (values[slot] != 0) {
      return values[slot];
    }
    high[slot] = h[0];
    low[slot] = h[1];
    values[slot] = value;
    size++;
    return 0;
  }

  /** Whether {@code id} was added. */
  public boolean contains(String id) {
    long[] h = hash(id);
    return values[find(h[0], h[1])] != 0;
  }

  /** How many ids were added. */
  public int size() {
    return size;
  }

  private int find(long h1, long h2) {
    int mask = values.length - 1;
    int i = (int) (h1 ^ (h1 >>> 32)) & mask;
    while (values[i] != 0 && (high[i] != h1 || low[i] != h2)) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private void grow() {
    long[] oldHigh = high;
    long[] oldLow = low;
    long[] oldValues = values;
    high = new long[oldValues.length * 2];
    low = new long[oldValues.length * 2];
    values = new long[oldValues.length * 2];
    for (int i = 0; i < oldValues.length; i++) {
      if (oldValues[i] != 0) {
        int slot = find(oldHigh[i], oldLow[i]);
        high[slot] = oldHigh[i];
        low[slot] = oldLow[i];
        values[slot] = oldValues[i];
      }
    }
  }

  /** MurmurHash3 x64 128 of the id's UTF-8 bytes, seed 0. */
  static long[] hash(String id) {
    byte[] data = id.getBytes(StandardCharsets.UTF_8);
    int len = data.length;
    int blocks = len / 16;
    long h1 = 0;
    long h2 = 0;
    for (int i = 0; i < blocks; i++) {
      long k1 = (long) LONGS.get(data, i * 16);
      long k2 = (long) LONGS.get(data, i * 16 + 8);
      h1 ^= mixK1(k1);
      h1 = Long.rotateLeft(h1, 27) + h2;
      h1 = h1 * 5 + 0x52dce729;
      h2 ^= mixK2(k2);
      h2 = Long.rotateLeft(h2, 31) + h1;
      h2 = h2 * 5 + 0x38495ab5;
    }
    int tail = blocks * 16;
    int rest = len - tail;
    long k1 = 0;
    long k2 = 0;
    for (int i = Math.min(rest, 16) - 1; i >= 8; i--) {
      k2 ^= (data[tail + i] & 0xffL) << ((i - 8) * 8);
    }
    for (int i = Math.min(rest, 8) - 1; i >= 0; i--) {
      k1 ^= (data[tail + i] & 0xffL) << (i * 8);
    }
    if (rest > 8) {
      h2 ^= mixK2(k2);
    }
    if (rest > 0) {
      h1 ^= mixK1(k1);
    }
    h1 ^= len;
    h2 ^= len;
    h1 += h2;
    h2 += h1;
    h1 = fmix(h1);
    h2 = fmix(h2);
    h1 += h2;
    h2 += h1;
    return new long[] {h1, h2};
  }

  private static long mixK1(long k1) {
    return Long.rotateLeft(k1 * C1, 31) * C2;
  }

  private static long mixK2(long k2) {
    return Long.rotateLeft(k2 * C2, 33) * C1;
  }

  private static long fmix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}

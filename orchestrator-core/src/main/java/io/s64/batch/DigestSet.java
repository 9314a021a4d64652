package io.s64.batch;

/**
 * A set of request {@link Digest}s that forgets nothing and costs about 16 bytes an entry: how
 * {@link Dedup} knows, for the whole run, which requests have completed.
 *
 * <p>An entry is 104 bits of the digest: the top 8 bits of {@code low} choose one of {@value
 * #PARTITIONS} partitions, and the partition keeps {@code high} and the low 32 bits of {@code low}
 * in two primitive arrays (12 bytes a slot, no object per entry). Each partition is an
 * open-addressing table with linear probing, its home slot taken from the top bits of {@code
 * high} (the digest is uniform, so no further mixing is needed). An all-zero slot is empty; the
 * one entry whose kept bits are all zero is held by a flag of its partition instead.
 *
 * <p>A partition grows by an eighth (at least 8 slots) when it would be more than 4/5 full, so a
 * table is always between 71% and 80% full: 15 to 17 bytes an entry, 16 MB for a million. Growing
 * by a little at a time keeps the footprint close to the entries (doubling would leave it between
 * 15 and 30 bytes), and the partitions keep each copy small: a growth copies one partition
 * (about 1/256 of the set), never the whole set, so there is no moment when two full-size tables
 * are alive. Each entry is copied about nine times over its life: tens of milliseconds for a million
 * entries.
 *
 * <p>Not thread-safe: {@link Dedup} guards it with its lock.
 */
final class DigestSet {
  /** How many tables the set is split into, chosen by the top 8 bits of a digest's low half. */
  static final int PARTITIONS = 256;
  /** Bytes a slot holds: a {@code long} and an {@code int}. */
  static final int SLOT_BYTES = 12;
  private static final int FIRST_CAPACITY = 8;

  private final long[][] highs = new long[PARTITIONS][];
  private final int[][] lows = new int[PARTITIONS][];
  private final int[] counts = new int[PARTITIONS];
  private final boolean[] holdsZero = new boolean[PARTITIONS];
  private long size;

  /** Adds the digest; returns whether it was new. */
  boolean add(Digest digest) {
    long high = digest.high();
    int low = (int) digest.low();
    int p = partition(digest);
    if (high == 0 && low == 0) {
      boolean added = !holdsZero[p];
      holdsZero[p] = true;
      size += added ? 1 : 0;
      return added;
    }
    if (highs[p] != null && slotOf(highs[p], lows[p], high, low) >= 0) {
      return false;
    }
    if (highs[p] == null || (counts[p] + 1) * 5L > highs[p].length * 4L) {
      grow(p);
    }
    int slot = -1 - slotOf(highs[p], lows[p], high, low);
    highs[p][slot] = high;
    lows[p][slot] = low;
    counts[p]++;
    size++;
    return true;
  }

  /** Whether the digest was added. */
  boolean contains(Digest digest) {
    long high = digest.high();
    int low = (int) digest.low();
    int p = partition(digest);
    if (high == 0 && low == 0) {
      return holdsZero[p];
    }
    return highs[p] != null && slotOf(highs[p], lows[p], high, low) >= 0;
  }

  /** Digests held. */
  long size() {
    return size;
  }

  /** Bytes the slots take (array headers aside): the set's memory, in proportion to its size. */
  long slotBytes() {
    long slots = 0;
    for (long[] table : highs) {
      slots += table == null ? 0 : table.length;
    }
    return slots * SLOT_BYTES;
  }

  private static int partition(Digest digest) {
    return (int) (digest.low() >>> 56);
  }

  /**
   * The slot holding {@code (high, low)}, or {@code -1 - s} where {@code s} is the empty slot that
   * ends its probe (where it would go). The table always has an empty slot.
   */
  private static int slotOf(long[] highs, int[] lows, long high, int low) {
    int capacity = highs.length;
    for (int s = home(high, capacity); ; s = s + 1 == capacity ? 0 : s + 1) {
      if (highs[s] == high && lows[s] == low) {
        return s;
      }
      if (highs[s] == 0 && lows[s] == 0) {
        return -1 - s;
      }
    }
  }

  /** The top 32 bits of {@code high} scaled to {@code 0..capacity-1}. */
  private static int home(long high, int capacity) {
    return (int) (((high >>> 32) * capacity) >>> 32);
  }

  /** Gives partition {@code p} its first table, or one an eighth larger, and moves its entries. */
  private void grow(int p) {
    long[] oldHighs = highs[p];
    int[] oldLows = lows[p];
    int capacity = oldHighs == null
        ? FIRST_CAPACITY
        : Math.addExact(oldHighs.length, Math.max(FIRST_CAPACITY, oldHighs.length >>> 3));
    long[] newHighs = new long[capacity];
    int[] newLows = new int[capacity];
    if (oldHighs != null) {
      for (int s = 0; s < oldHighs.length; s++) {
        if (oldHighs[s] != 0 || oldLows[s] != 0) {
          int to = -1 - slotOf(newHighs, newLows, oldHighs[s], oldLows[s]);
          newHighs[to] = oldHighs[s];
          newLows[to] = oldLows[s];
        }
      }
    }
    highs[p] = newHighs;
    lows[p] = newLows;
  }
}

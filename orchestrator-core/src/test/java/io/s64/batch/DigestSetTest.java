package io.s64.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The exact set of completed requests: nothing forgotten, nothing confused, about 16 bytes an entry. */
class DigestSetTest {

  private static Digest random(SplittableRandom r) {
    return new Digest(r.nextLong(), r.nextLong());
  }

  @Test
  void remembersWhatWasAddedAndNothingElse() {
    DigestSet set = new DigestSet();
    Digest a = Digest.of("deep|cto in berlin|people|null");
    Digest b = Digest.of("deep|cfo in berlin|people|null");
    assertFalse(set.contains(a));
    assertTrue(set.add(a), "new");
    assertFalse(set.add(a), "already there");
    assertTrue(set.contains(a));
    assertFalse(set.contains(b));
    assertEquals(1, set.size());
  }

  @Test
  void digestsWithTheSameHomeSlotAreKeptApart() {
    // The same high half: the same home slot in the same partition, whatever its size.
    DigestSet set = new DigestSet();
    long high = 0x5a5a_5a5a_5a5a_5a5aL;
    for (int i = 1; i <= 100; i++) {
      assertTrue(set.add(new Digest(high, i)), "entry " + i);
    }
    for (int i = 1; i <= 100; i++) {
      assertTrue(set.contains(new Digest(high, i)), "entry " + i + " after the others probed past it");
    }
    assertFalse(set.contains(new Digest(high, 101)));
    assertFalse(set.contains(new Digest(high + 1, 1)));
    assertEquals(100, set.size());
  }

  @Test
  void everyBitItKeepsTellsDigestsApart() {
    // 64 bits of high, the low 32 bits of low, and the top 8 of low (the partition): 104 bits.
    DigestSet set = new DigestSet();
    Digest base = new Digest(0x0123_4567_89ab_cdefL, 0xfedc_ba98_7654_3210L);
    set.add(base);
    for (int bit = 0; bit < 64; bit++) {
      assertFalse(set.contains(new Digest(base.high() ^ (1L << bit), base.low())), "high bit " + bit);
      boolean kept = bit < 32 || bit >= 56;
      assertEquals(!kept, set.contains(new Digest(base.high(), base.low() ^ (1L << bit))), "low bit " + bit);
    }
  }

  @Test
  void theDigestWhoseKeptBitsAreAllZeroIsAnEntryLikeAnyOther() {
    // Zero is what an empty slot holds: that digest must not read as absent, nor fill every slot.
    DigestSet set = new DigestSet();
    Digest zero = new Digest(0, 0);
    Digest zeroInAnotherPartition = new Digest(0, 7L << 56);
    assertFalse(set.contains(zero));
    assertTrue(set.add(zero));
    assertFalse(set.add(zero));
    assertTrue(set.contains(zero));
    assertFalse(set.contains(zeroInAnotherPartition));
    assertTrue(set.add(zeroInAnotherPartition));
    assertTrue(set.add(new Digest(0, 1)), "next to zero, in zero's partition");
    assertEquals(3, set.size());
  }

  @Test
  void aMillionEntriesGrowTheSetAndAllStayFound() {
    DigestSet set = new DigestSet();
    SplittableRandom added = new SplittableRandom(64);
    for (int i = 0; i < 1_000_000; i++) {
      assertTrue(set.add(random(added)), "entry " + i);
    }
    assertEquals(1_000_000, set.size());
    SplittableRandom again = new SplittableRandom(64);
    for (int i = 0; i < 1_000_000; i++) {
      Digest d = random(again);
      assertTrue(set.contains(d), "entry " + i + " lost in the growths");
      assertFalse(set.add(d), "entry " + i + " added twice");
    }
    SplittableRandom others = new SplittableRandom(65);
    int found = 0;
    for (int i = 0; i < 1_000_000; i++) {
      found += set.contains(random(others)) ? 1 : 0;
    }
    assertEquals(0, found, "digests never added");
    assertEquals(1_000_000, set.size());
  }

  @Test
  void costsAbout16BytesAnEntryAtEverySize() {
    DigestSet set = new DigestSet();
    SplittableRandom r = new SplittableRandom(7);
    double most = 0;
    for (int n = 1; n <= 2_000_000; n++) {
      set.add(random(r));
      if (n >= 100_000 && n % 1_000 == 0) {
        most = Math.max(most, set.slotBytes() / (double) n);
      }
    }
    double atTheEnd = set.slotBytes() / 2_000_000.0;
    assertTrue(most <= 17.0, "at most 17 bytes an entry from 100,000 on, but was " + most);
    assertTrue(atTheEnd >= 15.0, "at least 12 / 0.8 bytes an entry, but was " + atTheEnd);
  }
}

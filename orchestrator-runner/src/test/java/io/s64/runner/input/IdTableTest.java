package io.s64.runner.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class IdTableTest {

  @Test
  void remembersTheFirstValueOfEachIdAcrossGrowth() {
    IdTable t = new IdTable();
    for (int i = 1; i <= 100_000; i++) {
      assertEquals(0, t.putIfAbsent("id-" + i, i));
    }
    assertEquals(100_000, t.size());
    assertEquals(77, t.putIfAbsent("id-77", 5));
    assertTrue(t.contains("id-99999"));
    assertFalse(t.contains("id-100001"));
    assertFalse(t.contains("id-0"));
  }

  @Test
  void hashesDependOnEveryByteIncludingTheTail() {
    String base = "0123456789abcdef0123456789";
    for (int cut = 0; cut <= base.length(); cut++) {
      String s = base.substring(0, cut);
      assertFalse(Arrays.equals(IdTable.hash(s), IdTable.hash(s + "x")), "length " + cut);
    }
    assertNotEquals(IdTable.hash("ab")[0], IdTable.hash("ba")[0]);
  }

  @Test
  void matchesTheMurmur3ReferenceForTheEmptyString() {
    assertEquals(0L, IdTable.hash("")[0]);
    assertEquals(0L, IdTable.hash("")[1]);
  }
}

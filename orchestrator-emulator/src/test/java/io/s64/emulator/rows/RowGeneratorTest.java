package io.s64.emulator.rows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RowGeneratorTest {
  private final RowGenerator rows = new RowGenerator(64, null);

  @ParameterizedTest
  @EnumSource(Mode.class)
  void rowIdsAreUniqueWithinASearchAndRowsAreStable(Mode mode) {
    String key = RowGenerator.key(mode, "query");
    List<Row> list = new RowGenerator(64, null).rows(key, mode, 5000);
    Set<String> ids = list.stream().map(Row::id).collect(Collectors.toSet());
    assertEquals(5000, ids.size());
    assertEquals(list.get(4321), new RowGenerator(64, null).rows(key, mode, 4400).get(4321),
        "row i does not depend on the count");
    assertEquals(mode.columns(), fieldNames(list.get(7)));
  }

  @Test
  void derivedCountsLieIn20To200AndDependOnTheQuery() {
    Set<Integer> counts = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      int n = rows.available(RowGenerator.key(Mode.PEOPLE, "query " + i));
      assertTrue(n >= 20 && n <= 200, "count " + n);
      counts.add(n);
    }
    assertTrue(counts.size() > 100, "counts vary: " + counts.size());
    assertEquals(7, new RowGenerator(64, 7).available("anything"));
  }

  @Test
  void anotherSeedGivesOtherRows() {
    String key = RowGenerator.key(Mode.COMPANY, "{}");
    assertNotEquals(rows.rows(key, Mode.COMPANY, 3),
        new RowGenerator(65, null).rows(key, Mode.COMPANY, 3));
  }

  @Test
  void slugsAreAscii() {
    assertEquals("jose-muller", RowGenerator.slug("José Müller"));
    assertEquals("zoe-lukasz-analytics", RowGenerator.slug("Zoë & Łukasz Analytics"));
    assertEquals("x", RowGenerator.slug("李娜"));
  }

  private static List<String> fieldNames(Row row) {
    List<String> names = new ArrayList<>();
    row.fields().fieldNames().forEachRemaining(names::add);
    return names;
  }
}

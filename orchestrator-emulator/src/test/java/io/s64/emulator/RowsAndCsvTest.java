package io.s64.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RowsAndCsvTest {
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
  void csvFollowsRfc4180() {
    List<Row> list = rows.rows(RowGenerator.key(Mode.PEOPLE, "q"), Mode.PEOPLE, 3);
    String csv = new String(Csv.write(Mode.PEOPLE.columns(), list), StandardCharsets.UTF_8);
    assertTrue(csv.startsWith("id,full_name,title,company,location,linkedin_url\r\n"));
    assertTrue(csv.endsWith("\r\n"));
    assertTrue(csv.contains(",\"Head of \"\"Growth\"\", EMEA\nRemote\","), csv);
    List<List<String>> parsed = RfcCsv.parse(csv);
    assertEquals(4, parsed.size());
    assertEquals("José Müller", parsed.get(1).get(1));
    assertEquals(list.get(2).fields().get("location").asText(), parsed.get(3).get(4));
  }

  @Test
  void csvQuotesOnlyFieldsThatNeedIt() {
    StringBuilder out = new StringBuilder();
    for (String value : List.of("plain", "a,b", "say \"hi\"", "two\r\nlines", "Zoë")) {
      Csv.field(out, value);
      out.append('|');
    }
    assertEquals("plain|\"a,b\"|\"say \"\"hi\"\"\"|\"two\r\nlines\"|Zoë|", out.toString());
  }

  @Test
  void shortPagesAreEmptyOnPageTwoAndHalfOnEveryThirdPage() {
    assertEquals(new PagePlan(0, 10, 1, true), PagePlan.of(0, 1, 10, 95, true));
    assertEquals(new PagePlan(10, 0, 2, true), PagePlan.of(10, 2, 10, 95, true));
    assertEquals(new PagePlan(10, 5, 3, true), PagePlan.of(10, 3, 10, 95, true));
    assertEquals(new PagePlan(90, 5, 9, false), PagePlan.of(90, 9, 10, 95, true));
    assertEquals(new PagePlan(10, 10, 2, true), PagePlan.of(10, 2, 10, 95, false));
    assertEquals(new PagePlan(0, 8, 1, false), PagePlan.of(0, 1, 10, 8, true), "one page, no gap");
    assertEquals(new PagePlan(1, 1, 3, true), PagePlan.of(1, 3, 1, 5, true), "size 1 moves on");
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

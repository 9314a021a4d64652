package io.s64.emulator.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.emulator.RfcCsv;
import io.s64.emulator.rows.Mode;
import io.s64.emulator.rows.Row;
import io.s64.emulator.rows.RowGenerator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {
  private final RowGenerator rows = new RowGenerator(64, null);

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
}

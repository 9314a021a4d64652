package io.s64.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class PublishTest {
  @TempDir Path dir;

  private static Figure figure(String id, String value, String baseline, String bound) {
    return new Figure(id, "what", value, baseline, "1.0", "target", true, "notes", bound);
  }

  @Test
  void everyRunAppendsOneLinePerFigureUnderOneHeader() throws Exception {
    Path history = dir.resolve("history.csv");
    Instant t = Instant.parse("2030-01-01T00:00:00.123Z");
    Publish.append(history, Publish.entries(
        List.of(figure("P1-uniform", "0.9312", "0.9011", "0.9150"), figure("P3", "35,567", "51,413 bare", "")),
        t, "abc123"));
    Publish.append(history, Publish.entries(List.of(figure("P3", "36,000", "50,000 bare", "")),
        t.plusSeconds(60), "def456"));
    List<String> lines = Files.readAllLines(history);
    assertEquals(List.of(Publish.HEADER,
        "2030-01-01T00:00:00Z,abc123,P1-uniform,0.9312,0.9011,0.9150",
        "2030-01-01T00:00:00Z,abc123,P3,35567,51413,",
        "2030-01-01T00:01:00Z,def456,P3,36000,50000,"), lines);
    Map<String, List<Publish.Entry>> byFigure = Publish.read(history);
    assertEquals(List.of("P1-uniform", "P3"), List.copyOf(byFigure.keySet()));
    assertEquals(2, byFigure.get("P3").size());
  }

  @Test
  void theChartIsWellFormedSvgWithOnePointPerRun() throws Exception {
    List<Publish.Entry> runs = List.of(
        new Publish.Entry("2030-01-01T00:00:00Z", "a", "P2", "0.95", "0.90", "1.0"),
        new Publish.Entry("2030-01-02T00:00:00Z", "b", "P2", "0.97", "0.91", "1.0"),
        new Publish.Entry("2030-01-03T00:00:00Z", "c", "P2", "0.96", "", ""));
    String svg = Publish.svg("P2 <mixed>", runs);
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertEquals("svg", doc.getDocumentElement().getNodeName());
    assertEquals(3, doc.getElementsByTagName("circle").getLength());
    assertEquals(3, doc.getElementsByTagName("polyline").getLength(), "value, baseline, bound");
    assertTrue(svg.contains("P2 &lt;mixed&gt;"));
  }

  @Test
  void theReadmesTableIsReplacedByLatestMdsAndNothingElseChanges() {
    String readme = "intro\n\nPerformance (one run):\n\n| id | benchmark | s64 |\n|---|---|---|\n"
        + "| P1 | old | 0.1 |\n\nafter the table\n";
    List<String> table = List.of("| id | benchmark | s64 |", "|---|---|---|", "| P1-uniform | new | 0.93 |",
        "| P2 | mixed | 0.95 |");
    String updated = Publish.withTable(readme, "Performance (", table);
    assertEquals("intro\n\nPerformance (one run):\n\n" + String.join("\n", table)
        + "\n\nafter the table\n", updated);
    assertEquals(table, QuotedFiguresTest.resultsTable(updated));
  }

  @Test
  void readsTheFirstNumberOfAFigureWithoutSeparators() {
    assertEquals("35567", Publish.number("35,567"));
    assertEquals("6.2", Publish.number("6.2 MB"));
    assertEquals("", Publish.number("n/a"));
  }
}

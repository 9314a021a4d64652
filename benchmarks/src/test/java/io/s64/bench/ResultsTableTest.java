package io.s64.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsTableTest {

  @Test
  void writesOneRowPerFigureWithItsVerdictAndTheRunContext() {
    List<Figure> figures = List.of(
        new Figure("P9", "a | b", "1.0", "0.5", "2.00", "≥ 0.9", true, "note one"),
        new Figure("P8", "other", "0.1", "0.5", "0.20", "≥ 0.9", false, "note two"));
    String md = ResultsTable.markdown(figures, "java -cp x Suite", Duration.ofSeconds(125),
        Instant.parse("2030-01-01T00:00:00Z"));
    assertTrue(md.contains("| P9 | a \\| b | 1.0 | 0.5 | 2.00 | ≥ 0.9 | pass |"), md);
    assertTrue(md.contains("| P8 | other | 0.1 | 0.5 | 0.20 | ≥ 0.9 | **miss** |"), md);
    assertTrue(md.contains("- Date: 2030-01-01T00:00:00Z"), md);
    assertTrue(md.contains("- Command: `java -cp x Suite`"), md);
    assertTrue(md.contains("- Run time: 2 min 5 s"), md);
    assertTrue(md.contains("cores"), md);
    assertTrue(md.contains("- **P8** note two"), md);
  }
}

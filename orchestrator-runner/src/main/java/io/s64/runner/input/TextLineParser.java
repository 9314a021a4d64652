package io.s64.runner.input;

import io.s64.job.Job;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Plain text: each non-blank line is the query of a deep search with the run's mode and cap, and
 * the id {@code line-N}. Blank lines are skipped but still counted, so ids stay the line numbers.
 */
final class TextLineParser implements RecordParser {
  private final PhysicalLines lines;
  private final JobFactory factory;

  TextLineParser(PhysicalLines lines, JobFactory factory) {
    this.lines = lines;
    this.factory = factory;
  }

  @Override
  public @Nullable Job next() throws IOException {
    for (Line line = lines.next(); line != null; line = lines.next()) {
      if (line.isBlank()) {
        continue;
      }
      String id = JobIds.ofLine(line.number());
      if (line.text() == null) {
        return RecordParser.invalid(id, line.number(), String.valueOf(line.problem()));
      }
      try {
        return factory.deep(id, line.text(), null, null, JobFactory.Exclusions.NONE);
      } catch (LineProblem p) {
        return RecordParser.invalid(id, line.number(), p.getMessage());
      }
    }
    return null;
  }
}

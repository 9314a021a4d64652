package io.s64.runner.input;

import io.s64.job.Job;
import io.s64.error.ConfigurationException;
import io.s64.model.DeepSearchRequest.Mode;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * CSV input: a header naming the columns (any order, case-insensitive) out of {@code id}, {@code
 * query}, {@code mode} and {@code max_results}, with {@code query} required; then one deep search
 * per record. An empty cell means "not given": no id (the record gets {@code line-N}), the run's
 * mode or cap. A wrong header stops the run before any job starts, with an {@link InputException}.
 */
final class CsvLineParser implements RecordParser {
  private static final List<String> COLUMNS = List.of("id", "query", "mode", "max_results");

  private final CsvRecords records;
  private final JobIds ids;
  private final JobFactory factory;
  private final String input;
  private @Nullable Map<String, Integer> columns;

  CsvLineParser(PhysicalLines lines, JobIds ids, JobFactory factory, String input) {
    this.records = new CsvRecords(lines);
    this.ids = ids;
    this.factory = factory;
    this.input = input;
  }

  @Override
  public @Nullable Job next() throws IOException {
    if (columns == null) {
      columns = header(records.next());
    }
    CsvRecords.Record record = records.next();
    if (record == null) {
      return null;
    }
    long n = record.line();
    String fallback = JobIds.ofLine(n);
    if (record.problem() != null) {
      return RecordParser.invalid(fallback, n, record.problem());
    }
    List<String> fields = record.fields();
    Map<String, Integer> cols = columns;
    if (fields.size() != cols.size()) {
      return RecordParser.invalid(fallback, n, "has " + fields.size() + " field"
          + (fields.size() == 1 ? "" : "s") + " but the header has " + cols.size());
    }
    String id;
    try {
      String given = cell(fields, "id");
      id = ids.resolve(given == null || given.isBlank() ? null : given.strip(), n);
    } catch (LineProblem p) {
      return RecordParser.invalid(fallback, n, p.getMessage());
    }
    try {
      String query = cell(fields, "query");
      JobFactory.requireQuery(query == null ? "" : query);
      return factory.deep(id, query, mode(cell(fields, "mode")),
          maxResults(cell(fields, "max_results")), JobFactory.Exclusions.NONE);
    } catch (LineProblem p) {
      return RecordParser.invalid(id, n, p.getMessage());
    }
  }

  private Map<String, Integer> header(CsvRecords.@Nullable Record header) {
    if (header == null) {
      throw new InputException("INPUT '" + input + "' is empty: a CSV input starts with a header"
          + " such as id,query,mode,max_results");
    }
    if (header.problem() != null) {
      throw new InputException("INPUT '" + input + "' line " + header.line() + " (the header): "
          + header.problem());
    }
    Map<String, Integer> map = new HashMap<>();
    for (int i = 0; i < header.fields().size(); i++) {
      String name = header.fields().get(i).strip().toLowerCase(Locale.ROOT);
      if (!COLUMNS.contains(name)) {
        throw new InputException("INPUT '" + input + "' header column '" + header.fields().get(i)
            + "' is not one of id, query, mode, max_results");
      }
      if (map.put(name, i) != null) {
        throw new InputException("INPUT '" + input + "' header names column '" + name + "' twice");
      }
    }
    if (!map.containsKey("query")) {
      throw new InputException("INPUT '" + input + "' header has no 'query' column (columns: "
          + "id, query, mode, max_results; only query is required)");
    }
    return map;
  }

  private @Nullable String cell(List<String> fields, String column) {
    Integer i = columns == null ? null : columns.get(column);
    return i == null ? null : fields.get(i);
  }

  private static @Nullable Mode mode(@Nullable String text) throws LineProblem {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Mode.parse(text);
    } catch (ConfigurationException e) {
      throw new LineProblem("field 'mode' must be people or company but was '" + text + "'");
    }
  }

  private static @Nullable Integer maxResults(@Nullable String text) throws LineProblem {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      int n = Integer.parseInt(text.strip());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new LineProblem("field 'max_results' must be a whole number of at least 1 but was '"
        + text + "'");
  }
}

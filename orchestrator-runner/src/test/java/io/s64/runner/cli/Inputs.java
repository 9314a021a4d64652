package io.s64.runner.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Input files for the CLI tests. */
final class Inputs {
  private Inputs() {}

  /** {@code deep} deep searches (one repeated as a duplicate) and {@code filters} filter searches. */
  static List<String> mixed(int deep, int filters) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < deep; i++) {
      lines.add("{\"id\":\"deep-" + i + "\",\"query\":\"engineering leaders in city " + i
          + "\",\"max_results\":" + (25 + 7 * i) + "}");
    }
    lines.add("{\"id\":\"deep-dup\",\"query\":\"Engineering  leaders in CITY 0\",\"max_results\":25}");
    for (int i = 0; i < filters; i++) {
      lines.add("{\"id\":\"filter-" + i + "\",\"simple_filters\":{\"employees_count\":{\"$gte\":"
          + (10 * i) + "}},\"mode\":\"company\",\"max_results\":" + (15 + i) + ",\"page_size\":10}");
    }
    lines.add("{\"query\":\"a job without an id\",\"max_results\":12}");
    return lines;
  }

  static Path write(Path dir, String name, List<String> lines) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  /** The ids the runner gives the lines (explicit, else line-N). */
  static List<String> ids(List<String> lines) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      int at = l.indexOf("\"id\":\"");
      ids.add(at < 0 ? "line-" + (i + 1) : l.substring(at + 6, l.indexOf('"', at + 6)));
    }
    return ids;
  }
}

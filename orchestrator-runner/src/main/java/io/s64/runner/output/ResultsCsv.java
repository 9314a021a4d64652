package io.s64.runner.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes {@code results.csv} from {@code results.jsonl} in two streaming passes, never holding
 * more than one row: the first pass collects the union of the columns (in order of first
 * appearance), the second writes {@code _job_id} and those columns for every row. The file is
 * written beside and renamed into place, so a reader never sees half of it.
 */
public final class ResultsCsv {
  private static final String JOB_ID = "_job_id";

  private ResultsCsv() {}

  /**
   * Converts {@code jsonl} into {@code csv}. Blocking: call it on a thread that may block.
   *
   * @return the number of rows written
   */
  public static long write(Path jsonl, Path csv) throws IOException {
    Set<String> columns = new LinkedHashSet<>();
    if (Files.exists(jsonl)) {
      try (BufferedReader in = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (!line.isBlank()) {
            for (Iterator<String> it = JsonLines.MAPPER.readTree(line).fieldNames(); it.hasNext(); ) {
              String name = it.next();
              if (!name.equals(JOB_ID)) {
                columns.add(name);
              }
            }
          }
        }
      }
    }
    List<String> header = new ArrayList<>(columns.size() + 1);
    header.add(JOB_ID);
    header.addAll(columns);
    Path tmp = csv.resolveSibling(csv.getFileName() + ".tmp");
    long rows = 0;
    try (Writer out = new BufferedWriter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8))) {
      CsvText.record(out, header);
      if (Files.exists(jsonl)) {
        rows = copyRows(jsonl, header, out);
      }
    }
    Files.move(tmp, csv, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return rows;
  }

  private static long copyRows(Path jsonl, List<String> header, Writer out) throws IOException {
    long rows = 0;
    List<Object> record = new ArrayList<>(header.size());
    try (BufferedReader in = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode row = JsonLines.MAPPER.readTree(line);
        record.clear();
        for (String column : header) {
          JsonNode v = row.get(column);
          record.add(v == null || v.isNull() ? null : v.isContainerNode() ? v.toString() : v.asText());
        }
        CsvText.record(out, record);
        rows++;
      }
    }
    return rows;
  }
}

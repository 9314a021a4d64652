package io.s64.emulator.storage;

import com.fasterxml.jackson.databind.JsonNode;
import io.s64.emulator.rows.Row;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * RFC 4180 CSV in UTF-8: a header row, CRLF line ends, fields quoted when they contain a comma, a
 * double quote, CR or LF, and quotes inside quoted fields doubled.
 */
final class Csv {
  private Csv() {}

  static byte[] write(List<String> columns, List<Row> rows) {
    StringBuilder out = new StringBuilder(64 + rows.size() * 160);
    line(out, columns);
    for (Row row : rows) {
      for (int i = 0; i < columns.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        JsonNode value = row.fields().get(columns.get(i));
        field(out, value == null || value.isNull() ? "" : value.asText());
      }
      out.append("\r\n");
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void line(StringBuilder out, List<String> values) {
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      field(out, values.get(i));
    }
    out.append("\r\n");
  }

  static void field(StringBuilder out, String value) {
    boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0
        || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0;
    if (!quote) {
      out.append(value);
      return;
    }
    out.append('"').append(value.replace("\"", "\"\"")).append('"');
  }
}

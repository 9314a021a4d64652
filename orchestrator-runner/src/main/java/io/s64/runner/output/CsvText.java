package io.s64.runner.output;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * RFC 4180 output: fields separated by commas, records ended by CRLF, a field quoted when it holds
 * a comma, a quote, a CR or an LF (or starts or ends with a space), quotes inside doubled. Lists
 * and maps are written as their JSON text; null as an empty field.
 */
final class CsvText {
  private CsvText() {}

  /** Writes one record. */
  static void record(Writer out, List<?> fields) throws IOException {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.write(field(fields.get(i)));
    }
    out.write("\r\n");
  }

  /** One field, quoted when it must be. */
  static String field(@Nullable Object value) {
    if (value == null) {
      return "";
    }
    String text = value instanceof Map || value instanceof List
        ? JsonLines.MAPPER.valueToTree(value).toString() : value.toString();
    boolean quote = text.startsWith(" ") || text.endsWith(" ");
    for (int i = 0; i < text.length() && !quote; i++) {
      char c = text.charAt(i);
      quote = c == ',' || c == '"' || c == '\r' || c == '\n';
    }
    return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
  }
}

package io.s64.runner.input;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads RFC 4180 records from physical lines: fields separated by commas, a field that starts with
 * a double quote runs to the matching quote (a doubled quote inside stands for one, and line breaks
 * inside are part of the value). A quote inside an unquoted field is kept as it is. Blank lines
 * between records are skipped.
 *
 * <p>A record goes wrong when one of its lines is unusable, when something other than a comma
 * follows a closing quote, when a quote is still open at the end of the input, or when it grows
 * past {@link PhysicalLines#MAX_LINE_BYTES}. The record then comes back with a problem, and reading
 * starts again on the line after the one where it went wrong, so one stray quote cannot swallow
 * the rest of the file.
 */
final class CsvRecords {
  /**
   * One record.
   *
   * @param line the physical line the record starts on
   * @param fields its fields, or empty when {@code problem} is set
   * @param problem what is wrong with it (without the line number), or null
   */
  record Record(long line, List<String> fields, @Nullable String problem) {}

  private final PhysicalLines lines;
  private final int maxChars;

  CsvRecords(PhysicalLines lines) {
    this(lines, PhysicalLines.MAX_LINE_BYTES);
  }

  CsvRecords(PhysicalLines lines, int maxChars) {
    this.lines = lines;
    this.maxChars = maxChars;
  }

  /** The next record, or null at the end of the input. */
  @Nullable Record next() throws IOException {
    Line first = lines.next();
    while (first != null && first.isBlank()) {
      first = lines.next();
    }
    if (first == null) {
      return null;
    }
    long start = first.number();
    if (first.text() == null) {
      return new Record(start, List.of(), first.problem());
    }
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int size = 0;
    boolean quoted = false;
    boolean inField = false;
    Line line = first;
    while (true) {
      String text = line.text();
      size += text.length() + 1;
      if (size > maxChars) {
        return new Record(start, List.of(), "record longer than "
            + PhysicalLines.describe(maxChars) + " (an unclosed quote?); skipped");
      }
      int i = 0;
      while (i < text.length()) {
        char c = text.charAt(i);
        if (quoted) {
          if (c != '"') {
            field.append(c);
          } else if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
            if (i + 1 < text.length() && text.charAt(i + 1) != ',') {
              return new Record(start, List.of(), where(start, line) + "unexpected '"
                  + text.charAt(i + 1) + "' after a closing quote at column " + (i + 2)
                  + " (a quote inside a quoted field is written twice)");
            }
          }
        } else if (c == ',') {
          fields.add(field.toString());
          field.setLength(0);
          inField = false;
        } else if (c == '"' && !inField && field.length() == 0) {
          quoted = true;
          inField = true;
        } else {
          field.append(c);
          inField = true;
        }
        i++;
      }
      if (!quoted) {
        fields.add(field.toString());
        return new Record(start, fields, null);
      }
      field.append('\n');
      Line more = lines.next();
      if (more == null) {
        return new Record(start, List.of(), "a quoted field is not closed before the end of the input");
      }
      if (more.text() == null) {
        return new Record(start, List.of(), "the record continues on line " + more.number()
            + ", which is " + more.problem());
      }
      line = more;
    }
  }

  private static String where(long start, Line line) {
    return line.number() == start ? "" : "on line " + line.number() + ", ";
  }
}

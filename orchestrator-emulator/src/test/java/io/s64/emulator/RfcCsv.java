package io.s64.emulator;

import java.util.ArrayList;
import java.util.List;

/**
 * A strict RFC 4180 reader for tests: records end in CRLF, quoted fields may hold commas, CR, LF
 * and doubled quotes. Anything else (a bare LF outside quotes, a stray quote) fails.
 */
public final class RfcCsv {
  private RfcCsv() {}

  public static List<List<String>> parse(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '"' && field.length() == 0) {
        i++;
        while (true) {
          if (i >= text.length()) {
            throw new AssertionError("unterminated quoted field");
          }
          char q = text.charAt(i);
          if (q == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i += 2;
          } else if (q == '"') {
            i++;
            break;
          } else {
            field.append(q);
            i++;
          }
        }
        if (i < text.length() && text.charAt(i) != ',' && text.charAt(i) != '\r') {
          throw new AssertionError("text after a closing quote at " + i);
        }
      } else if (c == ',') {
        record.add(field.toString());
        field.setLength(0);
        i++;
      } else if (c == '\r') {
        if (i + 1 >= text.length() || text.charAt(i + 1) != '\n') {
          throw new AssertionError("CR without LF at " + i);
        }
        record.add(field.toString());
        field.setLength(0);
        records.add(record);
        record = new ArrayList<>();
        i += 2;
      } else if (c == '\n' || c == '"') {
        throw new AssertionError("unquoted " + (c == '"' ? "quote" : "LF") + " at " + i);
      } else {
        field.append(c);
        i++;
      }
    }
    if (field.length() > 0 || !record.isEmpty()) {
      throw new AssertionError("the last record does not end in CRLF");
    }
    return records;
  }
}

package io.s64.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.s64.error.DecodeException;
import io.s64.model.Page;
import io.s64.model.Row;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Decodes a {@code /search/query} page in one streaming pass: the envelope's fields into a {@link
 * Page}, each row into a compact {@link RowMap}, everything else skipped without building it.
 * Pages are the bulk of what s64 reads, so this path avoids the intermediate tree.
 */
final class PageDecoder {
  private PageDecoder() {}

  static Page decode(byte[] body, String op) {
    try (JsonParser p = Json.mapper().createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new DecodeException(op + ": the body is not a JSON object", null);
      }
      Long total = null;
      String searchId = null;
      String cursor = null;
      Boolean hasMore = null;
      Integer pageNumber = null;
      Integer cursorTtl = null;
      Long totalAvailable = null;
      List<Row> rows = List.of();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        switch (field) {
          case "total_results":
            total = number(p, t);
            break;
          case "search_id":
            searchId = text(p, t);
            break;
          case "next_cursor":
            cursor = text(p, t);
            break;
          case "has_more":
            hasMore = bool(p, t);
            break;
          case "page_number":
            pageNumber = toInt(number(p, t));
            break;
          case "cursor_expires_in_seconds":
            cursorTtl = toInt(number(p, t));
            break;
          case "total_available":
            totalAvailable = number(p, t);
            break;
          case "results":
            rows = rows(p, t, op);
            break;
          default:
            p.skipChildren();
        }
      }
      if (total == null) {
        throw new DecodeException(op + ": field 'total_results' must be an integer but was missing", null);
      }
      String c = cursor == null || cursor.isEmpty() ? null : cursor;
      return new Page(rows, total, searchId == null || searchId.isEmpty() ? null : searchId, c,
          hasMore != null ? hasMore : c != null, pageNumber, cursorTtl, totalAvailable);
    } catch (IOException e) {
      throw new DecodeException(op + ": the body is not valid JSON (" + firstLine(e.getMessage()) + ")", e);
    }
  }

  private static List<Row> rows(JsonParser p, JsonToken t, String op) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return List.of();
    }
    if (t != JsonToken.START_ARRAY) {
      throw new DecodeException(op + ": field 'results' must be an array but was " + t, null);
    }
    List<Row> rows = new ArrayList<>();
    for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
      if (e != JsonToken.START_OBJECT) {
        p.skipChildren(); // not a row: skipped, as the contract's rows are objects
        continue;
      }
      String[] keys = new String[8];
      Object[] values = new Object[8];
      int n = 0;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        if (n == keys.length) {
          keys = Arrays.copyOf(keys, n * 2);
          values = Arrays.copyOf(values, n * 2);
        }
        keys[n] = p.currentName();
        values[n] = value(p, p.nextToken());
        n++;
      }
      rows.add(Row.wrap(new RowMap(keys, values, n)));
    }
    return rows;
  }

  private static @Nullable Object value(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : p.getLongValue();
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        return Json.mapper().readValue(p, Object.class); // a nested object or array
    }
  }

  private static @Nullable Long number(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NUMBER_INT) {
      return p.getLongValue();
    }
    if (t == JsonToken.VALUE_STRING) {
      try {
        return Long.parseLong(p.getText().trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    p.skipChildren();
    return null;
  }

  private static @Nullable String text(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT) {
      return p.getText();
    }
    p.skipChildren();
    return null;
  }

  private static @Nullable Boolean bool(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
      return t == JsonToken.VALUE_TRUE;
    }
    if (t == JsonToken.VALUE_STRING) {
      String s = p.getText().trim();
      return s.equalsIgnoreCase("true") ? Boolean.TRUE : s.equalsIgnoreCase("false") ? Boolean.FALSE : null;
    }
    p.skipChildren();
    return null;
  }

  private static @Nullable Integer toInt(@Nullable Long v) {
    return v == null || v > Integer.MAX_VALUE || v < Integer.MIN_VALUE ? null : v.intValue();
  }

  private static String firstLine(@Nullable String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}

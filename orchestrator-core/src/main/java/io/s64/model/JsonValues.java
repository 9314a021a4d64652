package io.s64.model;

import io.s64.error.ConfigurationException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Immutable copies of JSON-like values given by callers (nulls allowed, order kept). */
final class JsonValues {
  private JsonValues() {}

  /** A deep, unmodifiable copy of a JSON object; keys must be strings. */
  static Map<String, @Nullable Object> copy(Map<?, ?> map, String field) {
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String)) {
        throw new ConfigurationException(field + " must have string keys but had " + e.getKey());
      }
      out.put((String) e.getKey(), value(e.getValue(), field));
    }
    return Collections.unmodifiableMap(out);
  }

  private static @Nullable Object value(@Nullable Object v, String field) {
    if (v instanceof Map) {
      return copy((Map<?, ?>) v, field);
    }
    if (v instanceof List) {
      List<@Nullable Object> out = new ArrayList<>();
      for (Object o : (List<?>) v) {
        out.add(value(o, field));
      }
      return Collections.unmodifiableList(out);
    }
    if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
      return v;
    }
    throw new ConfigurationException(field + " must hold JSON values (maps, lists, strings, numbers,"
        + " booleans, null) but held a " + v.getClass().getSimpleName());
  }
}

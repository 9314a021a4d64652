package io.s64.runner.input;

import com.fasterxml.jackson.databind.JsonNode;
import io.s64.error.ConfigurationException;
import io.s64.model.DeepSearchRequest.Mode;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads the typed fields of a JSON record, each problem naming the field and the value as written
 * (strings quoted, as in the input).
 */
final class JsonValues {
  private final JsonNode node;

  JsonValues(JsonNode node) {
    this.node = node;
  }

  /** Whether the field is absent or null. */
  boolean absent(String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull();
  }

  /** The record's own id (a string or a whole number), or null when it has none. */
  @Nullable String id() throws LineProblem {
    if (absent("id")) {
      return null;
    }
    JsonNode v = node.get("id");
    if (v.isTextual()) {
      if (v.asText().isBlank()) {
        throw new LineProblem("field 'id' must not be empty");
      }
      return v.asText();
    }
    if (v.isIntegralNumber()) {
      return v.asText();
    }
    throw new LineProblem("field 'id' must be a string or a whole number but was " + shown(v));
  }

  /** A required string. */
  String string(String field) throws LineProblem {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new LineProblem("field '" + field + "' must be a string but was " + shown(v));
    }
    return v.asText();
  }

  /** An optional mode. */
  @Nullable Mode mode() throws LineProblem {
    if (absent("mode")) {
      return null;
    }
    JsonNode v = node.get("mode");
    if (!v.isTextual()) {
      throw new LineProblem("field 'mode' must be people or company but was " + shown(v));
    }
    try {
      return Mode.parse(v.asText());
    } catch (ConfigurationException e) {
      throw new LineProblem("field 'mode' must be people or company but was " + shown(v));
    }
  }

  /** An optional whole number in {@code min..max}. */
  @Nullable Integer integer(String field, int min, int max) throws LineProblem {
    if (absent(field)) {
      return null;
    }
    JsonNode v = node.get(field);
    String range = max == Integer.MAX_VALUE ? "at least " + min : "in " + min + ".." + max;
    if (!v.isIntegralNumber()) {
      throw new LineProblem("field '" + field + "' must be a whole number " + range + " but was "
          + shown(v));
    }
    if (!v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
      throw new LineProblem("field '" + field + "' must be " + range + " but was " + shown(v));
    }
    return (int) v.asLong();
  }

  /** A required JSON object, as plain Java values. */
  Object object(String field) throws LineProblem {
    JsonNode v = node.get(field);
    if (v == null || !v.isObject()) {
      throw new LineProblem("field '" + field + "' must be a JSON object but was " + shown(v));
    }
    var names = v.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (v.get(name).isNull()) {
        throw new LineProblem("field '" + field + "' must not map '" + name + "' to null");
      }
    }
    return JsonRecords.plain(v);
  }

  /** A value as the message shows it: strings in single quotes, anything long cut short. */
  static String shown(@Nullable JsonNode v) {
    if (v == null) {
      return "missing";
    }
    String text = v.isTextual() ? "'" + v.asText() + "'" : v.toString();
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }

  /** An optional list of strings, empty when absent. */
  List<String> strings(String field) throws LineProblem {
    if (absent(field)) {
      return List.of();
    }
    JsonNode v = node.get(field);
    if (!v.isArray()) {
      throw new LineProblem("field '" + field + "' must be an array of strings but was " + shown(v));
    }
    List<String> out = new ArrayList<>(v.size());
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw new LineProblem("field '" + field + "' must hold only strings but held " + shown(e));
      }
      out.add(e.asText());
    }
    return out;
  }
}

package io.s64.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.s64.error.DecodeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * JSON in and out, as plain Java values ({@code Map}, {@code List}, {@code String}, {@code Long},
 * {@code Double}, {@code Boolean}, null). One shared, thread-safe {@link ObjectMapper}; unknown
 * fields are simply never read.
 */
public final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .configure(DeserializationFeature.USE_LONG_FOR_INTS, true);
  private static final TypeReference<Map<String, @Nullable Object>> OBJECT = new TypeReference<>() {};

  private static final ObjectWriter CANONICAL =
      MAPPER.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private Json() {}

  /** JSON with object keys sorted: equal values give equal text. */
  public static String canonical(Object value) {
    try {
      return CANONICAL.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not serializable as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The shared mapper, for writers that stream. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Serializes plain Java values. */
  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not serializable as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Serializes plain Java values to a string. */
  public static String writeString(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses a JSON object.
   *
   * @throws DecodeException naming {@code what} when the body is not a JSON object
   */
  public static Map<String, @Nullable Object> readObject(byte[] body, String what) {
    try {
      Map<String, @Nullable Object> map = MAPPER.readValue(body, OBJECT);
      if (map == null) {
        throw new DecodeException(what + ": the body is not a JSON object (null)", null);
      }
      return map;
    } catch (IOException e) {
      throw new DecodeException(what + ": the body is not a JSON object ("
          + (body.length == 0 ? "empty" : firstLine(e.getMessage())) + ")", e);
    }
  }

  /** Parses any JSON value, or returns null when the text is not JSON. */
  public static @Nullable Object readAny(byte[] body) {
    try {
      return MAPPER.readValue(body, Object.class);
    } catch (IOException e) {
      return null;
    }
  }

  private static String firstLine(@Nullable String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** A required string field. */
  public static String string(Map<String, @Nullable Object> o, String field, String what) {
    Object v = o.get(field);
    if (!(v instanceof String)) {
      throw missing(what, field, v, "a string");
    }
    return (String) v;
  }

  /** An optional string field; numbers are accepted and printed. */
  public static @Nullable String optString(Map<String, @Nullable Object> o, String field) {
    Object v = o.get(field);
    if (v instanceof String) {
      return (String) v;
    }
    return v instanceof Number || v instanceof Boolean ? v.toString() : null;
  }

  /** An optional integer field; numeric strings are accepted. */
  public static @Nullable Long optLong(Map<String, @Nullable Object> o, String field) {
    Object v = o.get(field);
    if (v instanceof Number) {
      return ((Number) v).longValue();
    }
    if (v instanceof String) {
      try {
        return Long.parseLong(((String) v).trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /** An optional integer field that fits an int. */
  public static @Nullable Integer optInt(Map<String, @Nullable Object> o, String field) {
    Long v = optLong(o, field);
    return v == null || v > Integer.MAX_VALUE || v < Integer.MIN_VALUE ? null : v.intValue();
  }

  /** An optional number. */
  public static @Nullable Double optDouble(Map<String, @Nullable Object> o, String field) {
    Object v = o.get(field);
    return v instanceof Number ? ((Number) v).doubleValue() : null;
  }

  /** An optional boolean; the strings true/false are accepted. */
  public static boolean optBool(Map<String, @Nullable Object> o, String field, boolean otherwise) {
    Object v = o.get(field);
    if (v instanceof Boolean) {
      return (Boolean) v;
    }
    if (v instanceof String) {
      String s = ((String) v).trim();
      if (s.equalsIgnoreCase("true")) {
        return true;
      }
      if (s.equalsIgnoreCase("false")) {
        return false;
      }
    }
    return otherwise;
  }

  /** An optional array of objects, each as a map; other elements are skipped. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, @Nullable Object>> objects(
      Map<String, @Nullable Object> o, String field, String what) {
    Object v = o.get(field);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List)) {
      throw missing(what, field, v, "an array");
    }
    List<?> list = (List<?>) v;
    List<Map<String, @Nullable Object>> out = new ArrayList<>(list.size());
    for (Object e : list) {
      if (e instanceof Map) {
        out.add((Map<String, @Nullable Object>) e);
      }
    }
    return out;
  }

  private static DecodeException missing(String what, String field, @Nullable Object v, String kind) {
    return new DecodeException(what + ": field '" + field + "' must be " + kind + " but was "
        + (v == null ? "missing" : v.getClass().getSimpleName()), null);
  }
}

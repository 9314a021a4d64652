package io.s64.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s64.emulator.internal.Json;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads typed fields of a JSON request body the way pydantic v2 validates a FastAPI model, and
 * collects every error as a {@code {"type","loc","msg","input","ctx"}} item. Unknown fields are
 * ignored; a {@code null} is the same as an absent field for nullable fields, and a type error for
 * the others. After reading, {@link #problem()} is the 422 to answer, if any.
 */
public final class BodyReader {
  private final ObjectNode body;
  private final @Nullable ApiResponse malformed;
  private final ArrayNode errors = Json.array();

  private BodyReader(ObjectNode body, @Nullable ApiResponse malformed) {
    this.body = body;
    this.malformed = malformed;
  }

  /**
   * A reader of {@code bytes}. When they are not a JSON object, {@link #problem()} is already the
   * 422 to answer and every field reads as absent.
   */
  public static BodyReader parse(byte[] bytes) {
    JsonBody parsed = JsonBody.parse(bytes);
    ObjectNode object = parsed.object();
    return object != null
        ? new BodyReader(object, null)
        : new BodyReader(Json.object(), parsed.problem());
  }

  /** Whether {@code name} is present with a non-null value. */
  public boolean has(String name) {
    JsonNode node = body.get(name);
    return node != null && !node.isNull();
  }

  /** The field names present with a non-null value. */
  public List<String> present() {
    List<String> names = new ArrayList<>();
    body.fieldNames().forEachRemaining(n -> {
      if (has(n)) {
        names.add(n);
      }
    });
    return names;
  }

  /** A required, non-blank string; {@code ""} (with an error recorded) when invalid. */
  public String requiredString(String name) {
    JsonNode node = body.get(name);
    if (node == null) {
      error("missing", name, "Field required", body, null);
      return "";
    }
    if (!node.isTextual()) {
      error("string_type", name, "Input should be a valid string", node, null);
      return "";
    }
    if (node.textValue().isBlank()) {
      error("value_error", name, "Value error, " + name + " must not be blank", node,
          Json.object().put("error", name + " must not be blank"));
      return "";
    }
    return node.textValue();
  }

  /** A required string that may be empty (pydantic {@code str}); "" when invalid. */
  public String requiredText(String name) {
    JsonNode node = body.get(name);
    if (node == null) {
      error("missing", name, "Field required", body, null);
      return "";
    }
    if (!node.isTextual()) {
      error("string_type", name, "Input should be a valid string", node, null);
      return "";
    }
    return node.textValue();
  }

  /** An optional string; {@code null} when absent or null. Blank strings are rejected. */
  public @Nullable String optionalString(String name) {
    if (!has(name)) {
      return null;
    }
    JsonNode node = body.get(name);
    if (!node.isTextual()) {
      error("string_type", name, "Input should be a valid string", node, null);
      return null;
    }
    if (node.textValue().isEmpty()) {
      error("string_too_short", name, "String should have at least 1 character", node,
          Json.object().put("min_length", 1));
      return null;
    }
    return node.textValue();
  }

  /** An optional string that may be empty (pydantic {@code str | None}); null when absent. */
  public @Nullable String optionalText(String name) {
    if (!has(name)) {
      return null;
    }
    JsonNode node = body.get(name);
    if (!node.isTextual()) {
      error("string_type", name, "Input should be a valid string", node, null);
      return null;
    }
    return node.textValue();
  }

  /** One of {@code allowed}, or null when absent or null (pydantic {@code Literal[...] | None}). */
  public @Nullable String optionalEnum(String name, String... allowed) {
    return has(name) ? enumValue(name, allowed[0], allowed) : null;
  }

  /** One of {@code allowed}, or {@code defaultValue} when absent. */
  public String enumValue(String name, String defaultValue, String... allowed) {
    JsonNode node = body.get(name);
    if (node == null) {
      return defaultValue;
    }
    if (node.isTextual()) {
      for (String value : allowed) {
        if (value.equals(node.textValue())) {
          return value;
        }
      }
    }
    String expected = expected(allowed);
    error("enum", name, "Input should be " + expected, node,
        Json.object().put("expected", expected));
    return defaultValue;
  }

  /** An integer in {@code [min, max]}, or {@code defaultValue} when absent. */
  public long integer(String name, long defaultValue, long min, long max) {
    JsonNode node = body.get(name);
    if (node == null) {
      return defaultValue;
    }
    if (!node.isNumber()) {
      error("int_type", name, "Input should be a valid integer", node, null);
      return defaultValue;
    }
    if (!node.isIntegralNumber() && node.doubleValue() != Math.rint(node.doubleValue())) {
      error("int_from_float", name,
          "Input should be a valid integer, got a number with a fractional part", node, null);
      return defaultValue;
    }
    long exact = node.canConvertToLong()
        ? node.longValue()
        : node.doubleValue() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    if (exact < min) {
      error("greater_than_equal", name, "Input should be greater than or equal to " + min, node,
          Json.object().put("ge", min));
      return defaultValue;
    }
    if (exact > max) {
      error("less_than_equal", name, "Input should be less than or equal to " + max, node,
          Json.object().put("le", max));
      return defaultValue;
    }
    return exact;
  }

  /** A boolean, or {@code defaultValue} when absent. */
  public boolean bool(String name, boolean defaultValue) {
    JsonNode node = body.get(name);
    if (node == null) {
      return defaultValue;
    }
    if (!node.isBoolean()) {
      error("bool_type", name, "Input should be a valid boolean", node, null);
      return defaultValue;
    }
    return node.booleanValue();
  }

  /** An optional boolean that may be null (pydantic {@code bool | None}); null when absent. */
  public @Nullable Boolean optionalBool(String name) {
    return has(name) ? bool(name, false) : null;
  }

  /** A required JSON object; an empty object (with an error recorded) when missing or invalid. */
  public ObjectNode requiredObject(String name) {
    JsonNode node = body.get(name);
    if (node == null) {
      error("missing", name, "Field required", body, null);
      return Json.object();
    }
    if (!node.isObject()) {
      error("dict_type", name, "Input should be a valid dictionary", node, null);
      return Json.object();
    }
    return (ObjectNode) node;
  }

  /**
   * An optional absolute {@code http} or {@code https} URL of at most {@code maxLength}
   * characters (pydantic {@code HttpUrl | None}), null when absent or invalid.
   */
  public @Nullable String optionalHttpUrl(String name, int maxLength) {
    if (!has(name)) {
      return null;
    }
    JsonNode node = body.get(name);
    if (!node.isTextual()) {
      error("url_type", name, "URL input should be a string or URL", node, null);
      return null;
    }
    String text = node.textValue();
    if (text.length() > maxLength) {
      error("url_too_long", name, "URL should have at most " + maxLength + " characters", node,
          Json.object().put("max_length", maxLength));
      return null;
    }
    String problem = urlProblem(text);
    if (problem != null) {
      error("url_parsing", name, "Input should be a valid URL, " + problem, node,
          Json.object().put("error", problem));
      return null;
    }
    String scheme = URI.create(text).getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      error("url_scheme", name, "URL scheme should be 'http' or 'https'", node,
          Json.object().put("expected_schemes", "'http' or 'https'"));
      return null;
    }
    return text;
  }

  /** Why {@code text} is not an absolute URL with a host, or null when it is one. */
  private static @Nullable String urlProblem(String text) {
    if (text.isEmpty()) {
      return "input is empty";
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      return "invalid URL syntax";
    }
    if (!uri.isAbsolute()) {
      return "relative URL without a base";
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    boolean web = scheme.equals("http") || scheme.equals("https");
    return web && (uri.getHost() == null || uri.getHost().isEmpty()) ? "empty host" : null;
  }

  /** An optional JSON object. */
  public @Nullable ObjectNode optionalObject(String name) {
    if (!has(name)) {
      return null;
    }
    JsonNode node = body.get(name);
    if (!node.isObject()) {
      error("dict_type", name, "Input should be a valid dictionary", node, null);
      return null;
    }
    return (ObjectNode) node;
  }

  /** An optional list of strings with at most {@code maxItems} items. */
  public @Nullable List<String> optionalStringList(String name, int maxItems) {
    if (!has(name)) {
      return null;
    }
    JsonNode node = body.get(name);
    if (!node.isArray()) {
      error("list_type", name, "Input should be a valid list", node, null);
      return null;
    }
    List<String> values = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      if (!item.isTextual()) {
        errors.add(item(Json.array().add("body").add(name).add(i), "string_type",
            "Input should be a valid string", item, null));
        ok = false;
      } else {
        values.add(item.textValue());
      }
    }
    if (node.size() > maxItems) {
      error("too_long", name, "List should have at most " + maxItems
              + " items after validation, not " + node.size(), node,
          Json.object().put("field_type", "List").put("max_length", maxItems)
              .put("actual_length", node.size()));
      ok = false;
    }
    return ok ? values : null;
  }

  /** The 422 response when the body was malformed or a field read so far was invalid, else null. */
  public @Nullable ApiResponse problem() {
    if (malformed != null) {
      return malformed;
    }
    return errors.isEmpty() ? null : ApiResponse.json(422, Json.object().set("detail", errors));
  }

  private void error(
      String type, String name, String msg, JsonNode input, @Nullable ObjectNode ctx) {
    errors.add(item(Json.array().add("body").add(name), type, msg, input, ctx));
  }

  /** One error item; also used for query-parameter errors. */
  public static ObjectNode item(ArrayNode loc, String type, String msg, @Nullable JsonNode input,
      @Nullable ObjectNode ctx) {
    ObjectNode item = Json.object().put("type", type);
    item.set("loc", loc);
    item.put("msg", msg);
    item.set("input", input == null ? Json.object().nullNode() : input);
    if (ctx != null) {
      item.set("ctx", ctx);
    }
    return item;
  }

  private static String expected(String... allowed) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < allowed.length; i++) {
      if (i > 0) {
        out.append(i == allowed.length - 1 ? " or " : ", ");
      }
      out.append('\'').append(allowed[i]).append('\'');
    }
    return out.toString();
  }
}

package io.s64.emulator.workflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.s64.emulator.http.ApiResponse;
import io.s64.emulator.http.BodyReader;
import io.s64.emulator.http.Exchange;
import io.s64.emulator.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Reads the query and path parameters of the workflow endpoints the way FastAPI validates them,
 * collecting every error as a 422 item ({@code loc} {@code ["query", name]} or {@code ["path",
 * name]}). After reading, {@link #problem()} is the 422 to answer, if any.
 */
public final class Query {
  private final Exchange exchange;
  private final ArrayNode errors = Json.array();

  public Query(Exchange exchange) {
    this.exchange = exchange;
  }

  /** A required query parameter; "" (with an error) when missing. */
  public String required(String name) {
    String value = exchange.param(name);
    if (value == null) {
      errors.add(BodyReader.item(Json.array().add("query").add(name), "missing", "Field required",
          null, null));
      return "";
    }
    return value;
  }

  /** A query parameter that must be one of {@code allowed}; {@code fallback} when absent. */
  public String oneOf(String name, String fallback, String... allowed) {
    String value = exchange.param(name);
    return value == null ? fallback : check(List.of("query", name), value, allowed);
  }

  /** Every value of a repeated query parameter, each one of {@code allowed}. */
  public List<String> each(String name, String... allowed) {
    List<String> values = exchange.params().getOrDefault(name, List.of());
    List<String> out = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      out.add(check(List.of("query", name, i), values.get(i), allowed));
    }
    return out;
  }

  /** A boolean query parameter (true/false, 1/0, yes/no, on/off); {@code fallback} when absent. */
  public boolean bool(String name, boolean fallback) {
    String value = exchange.param(name);
    if (value == null) {
      return fallback;
    }
    switch (value.toLowerCase(Locale.ROOT)) {
      case "true": case "1": case "yes": case "on":
        return true;
      case "false": case "0": case "no": case "off":
        return false;
      default:
        errors.add(BodyReader.item(Json.array().add("query").add(name), "bool_parsing",
            "Input should be a valid boolean, unable to interpret input",
            Json.object().textNode(value), null));
        return fallback;
    }
  }

  /** An integer query parameter in {@code [min, max]}; {@code fallback} when absent or invalid. */
  public int integer(String name, int fallback, int min, int max) {
    String value = exchange.param(name);
    if (value == null) {
      return fallback;
    }
    ArrayNode loc = Json.array().add("query").add(name);
    int n;
    try {
      n = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      errors.add(BodyReader.item(loc, "int_parsing",
          "Input should be a valid integer, unable to parse string as an integer",
          Json.object().textNode(value), null));
      return fallback;
    }
    if (n < min || n > max) {
      boolean low = n < min;
      errors.add(BodyReader.item(loc, low ? "greater_than_equal" : "less_than_equal",
          "Input should be " + (low ? "greater than or equal to " + min
              : "less than or equal to " + max), Json.object().textNode(value),
          Json.object().put(low ? "ge" : "le", low ? min : max)));
      return fallback;
    }
    return n;
  }

  /** The path parameter, which must be a UUID ({@code name} is its name in the route). */
  public String uuidPath(String name) {
    String value = exchange.pathParam();
    try {
      if (value.length() == 36 && UUID.fromString(value).toString().equalsIgnoreCase(value)) {
        return value.toLowerCase(Locale.ROOT);
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    errors.add(BodyReader.item(Json.array().add("path").add(name), "uuid_parsing",
        "Input should be a valid UUID, '" + value + "' is not one",
        Json.object().textNode(value), null));
    return value;
  }

  /** The 422 to answer when a parameter read so far was invalid, else null. */
  public @Nullable ApiResponse problem() {
    return errors.isEmpty() ? null
        : ApiResponse.json(422, Json.object().set("detail", errors));
  }

  private String check(List<Object> loc, String value, String... allowed) {
    for (String a : allowed) {
      if (a.equals(value)) {
        return value;
      }
    }
    ArrayNode path = Json.array();
    loc.forEach(p -> {
      if (p instanceof Integer) {
        path.add((Integer) p);
      } else {
        path.add((String) p);
      }
    });
    String expected = "'" + String.join("', '", allowed) + "'";
    errors.add(BodyReader.item(path, "enum", "Input should be " + expected,
        Json.object().textNode(value), Json.object().put("expected", expected)));
    return allowed[0];
  }
}

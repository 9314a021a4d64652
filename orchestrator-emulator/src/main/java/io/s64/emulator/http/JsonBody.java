package io.s64.emulator.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s64.emulator.internal.Json;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Turns a request body into a JSON object, or into the 422 that FastAPI would answer: {@code
 * json_invalid} with the error position for malformed JSON, {@code missing} for an empty body,
 * {@code model_attributes_type} for JSON that is not an object. Never throws.
 *
 * @param object the body, when it is a JSON object
 * @param problem the 422 response, otherwise
 */
record JsonBody(@Nullable ObjectNode object, @Nullable ApiResponse problem) {

  static JsonBody parse(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return failure(Json.object()
          .put("type", "missing")
          .<ObjectNode>set("loc", Json.array().add("body"))
          .put("msg", "Field required")
          .putNull("input"));
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      long position = at == null ? 0 : Math.max(0, at.getCharOffset());
      return failure(Json.object()
          .put("type", "json_invalid")
          .<ObjectNode>set("loc", Json.array().add("body").add(position))
          .put("msg", "JSON decode error")
          .<ObjectNode>set("input", Json.object())
          .set("ctx", Json.object().put("error", summary(e.getOriginalMessage()))));
    }
    if (node == null || !node.isObject()) {
      return failure(Json.object()
          .put("type", "model_attributes_type")
          .<ObjectNode>set("loc", Json.array().add("body"))
          .put("msg", "Input should be a valid dictionary or object to extract fields from")
          .set("input", node == null ? Json.object().nullNode() : node));
    }
    return new JsonBody((ObjectNode) node, null);
  }

  private static JsonBody failure(ObjectNode error) {
    return new JsonBody(null,
        ApiResponse.json(422, Json.object().set("detail", Json.array().add(error))));
  }

  /** Jackson's message without its source excerpt: "Unexpected end-of-input ...". */
  private static String summary(@Nullable String message) {
    if (message == null) {
      return "Expecting value";
    }
    String line = message.lines().findFirst().orElse(message);
    int source = line.indexOf(" (start marker at [Source");
    if (source < 0) {
      source = line.indexOf(" at [Source");
    }
    return source < 0 ? line : line.substring(0, source);
  }
}

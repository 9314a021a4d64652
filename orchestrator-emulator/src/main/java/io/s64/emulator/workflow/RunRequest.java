package io.s64.emulator.workflow;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s64.emulator.http.ApiResponse;
import io.s64.emulator.http.BodyReader;
import io.s64.emulator.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /workflows/run}, read: {@code webhook_payload} (a list of objects, or one
 * object for one row) and {@code specs_override}. The body is optional. Malformed JSON is a 400,
 * as the API documents for webhook triggers; a field of the wrong type is a 422.
 *
 * @param payload the rows, or null when none were sent
 * @param override the specs override, or null
 * @param canonical the body's canonical JSON, for the idempotency digest
 */
record RunRequest(@Nullable List<ObjectNode> payload, @Nullable ObjectNode override,
    String canonical) {

  /** The request, or the response that refuses it. */
  record Read(@Nullable RunRequest request, @Nullable ApiResponse problem) {}

  static Read read(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return new Read(new RunRequest(null, null, "{}"), null);
    }
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at character " + Math.max(0, at.getCharOffset());
      String why = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines()
          .findFirst().orElse("");
      int cut = why.indexOf(" at [Source");
      return refused("Invalid request body: malformed JSON" + where + " ("
          + (cut < 0 ? why : why.substring(0, cut)) + ")");
    }
    if (body == null || !body.isObject()) {
      return refused("Invalid request body: expected a JSON object with webhook_payload and "
          + "specs_override, got " + (body == null ? "nothing" : body.getNodeType()
          .toString().toLowerCase(Locale.ROOT)));
    }
    ArrayNode errors = Json.array();
    List<ObjectNode> payload = null;
    JsonNode rows = body.get("webhook_payload");
    if (rows != null && !rows.isNull()) {
      payload = new ArrayList<>();
      if (rows.isObject()) {
        payload.add((ObjectNode) rows);
      } else if (rows.isArray()) {
        for (int i = 0; i < rows.size(); i++) {
          if (rows.get(i).isObject()) {
            payload.add((ObjectNode) rows.get(i));
          } else {
            errors.add(BodyReader.item(Json.array().add("body").add("webhook_payload").add(i),
                "dict_type", "Input should be a valid dictionary: webhook_payload row " + i
                    + " is " + rows.get(i).getNodeType().toString().toLowerCase(
                        Locale.ROOT), rows.get(i), null));
          }
        }
      } else {
        errors.add(BodyReader.item(Graph.loc("body", "webhook_payload"), "list_type",
            "Input should be a valid list of rows or one row (an object)", rows, null));
      }
    }
    JsonNode override = body.get("specs_override");
    if (override != null && !override.isNull() && !override.isObject()) {
      errors.add(BodyReader.item(Graph.loc("body", "specs_override"), "dict_type",
          "Input should be a valid dictionary", override, null));
    }
    if (!errors.isEmpty()) {
      return new Read(null, ApiResponse.json(422, Json.object().set("detail", errors)));
    }
    return new Read(new RunRequest(payload,
        override == null || override.isNull() ? null : (ObjectNode) override,
        Json.canonical(body)), null);
  }

  private static Read refused(String detail) {
    return new Read(null, ApiResponse.detail(400, detail));
  }
}

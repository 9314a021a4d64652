package io.s64.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.s64.emulator.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A complete response, computed before anything is written: status, headers and body bytes.
 * Handlers return one; {@link ResponseWriter} sends it (now, later, or never for a lost response).
 *
 * @param status the HTTP status
 * @param contentType the {@code Content-Type}
 * @param body the body bytes
 * @param headers extra headers, in order
 */
public record ApiResponse(
    int status, String contentType, byte[] body, Map<String, String> headers) {
  public static final String JSON = "application/json";

  public ApiResponse {
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  public static ApiResponse json(int status, JsonNode body) {
    return new ApiResponse(status, JSON, Json.bytes(body), Map.of());
  }

  /** The common error shape {@code {"detail": "..."}}. */
  /** The answer to a start that the organization's credit balance cannot cover. */
  public static ApiResponse insufficientCredits() {
    return detail(402, "Insufficient API credits");
  }

  public static ApiResponse detail(int status, String detail) {
    return json(status, Json.object().put("detail", detail));
  }

  public static ApiResponse text(int status, String contentType, String body) {
    return new ApiResponse(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  /** A copy with {@code more} headers added (replacing same-named ones). */
  ApiResponse withHeaders(Map<String, String> more) {
    if (more.isEmpty()) {
      return this;
    }
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.putAll(more);
    return new ApiResponse(status, contentType, body, all);
  }

  /** A copy with one header added. */
  public ApiResponse withHeader(String name, String value) {
    return withHeaders(Map.of(name, value));
  }
}

package io.s64.emulator.http;

import io.netty.handler.codec.http.HttpHeaders;
import io.s64.emulator.limits.PauseLedger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One request, fully read: what handlers see. The body has been consumed before any handler runs.
 *
 * @param route the matched route
 * @param pathParam the route's path parameter ("" when it has none)
 * @param params the decoded query parameters
 * @param headers the request headers
 * @param body the body bytes (empty when none)
 * @param now the emulator clock when the request was read
 * @param baseUrl the URL clients reach this emulator at ({@code http://host:port})
 * @param arrival when its first byte was read, and on which connection
 */
public record Exchange(Route route, String pathParam, Map<String, List<String>> params,
    HttpHeaders headers, byte[] body, Instant now, String baseUrl, PauseLedger.Arrival arrival) {

  public @Nullable String param(String name) {
    List<String> values = params.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  public @Nullable String header(String name) {
    return headers.get(name);
  }
}

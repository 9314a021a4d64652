package io.s64.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Sixtyfour API called the way the documentation's examples call it: blocking {@code
 * java.net.http} requests, one at a time per thread, bodies read into Jackson trees. A 429 is
 * handled as the docs' error page advises ("wait 60 seconds before retrying", here at the
 * benchmark's 1:60 scale) and counted. Part of the docs-literal baseline; thread-safe.
 */
final class BlockingApi {
  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10))
      .build();
  private final URI base;
  private final String apiKey;
  private final Duration rateLimitWait;
  private final AtomicLong tooManyRequests = new AtomicLong();

  /**
   * @param base the API's base URL
   * @param apiKey the key sent as {@code x-api-key}
   * @param rateLimitWait how long to wait after a 429 before sending the request again
   */
  BlockingApi(String base, String apiKey, Duration rateLimitWait) {
    this.base = URI.create(base);
    this.apiKey = apiKey;
    this.rateLimitWait = rateLimitWait;
  }

  /** POSTs a JSON body and returns the 200 answer. */
  JsonNode post(String path, ObjectNode body) throws IOException, InterruptedException {
    return send(request(path)
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
        .build());
  }

  /** GETs a path and returns the 200 answer. */
  JsonNode get(String path) throws IOException, InterruptedException {
    return send(request(path).GET().build());
  }

  /** The 429 answers received so far (each was waited out and the request sent again). */
  long tooManyRequests() {
    return tooManyRequests.get();
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(60))
        .header("x-api-key", apiKey)
        .header("accept", "application/json");
  }

  private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
    while (true) {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      int status = response.statusCode();
      if (status == 429) {
        tooManyRequests.incrementAndGet();
        Sleep.of(rateLimitWait);
        continue;
      }
      if (status != 200) {
        throw new IOException(request.method() + " " + request.uri().getPath() + " answered "
            + status + ": " + new String(response.body(), StandardCharsets.UTF_8));
      }
      return JSON.readTree(response.body());
    }
  }
}

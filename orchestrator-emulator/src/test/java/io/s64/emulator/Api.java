package io.s64.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** A small blocking HTTP client for tests: real HTTP/1.1 requests to an emulator. */
final class Api {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String KEY = "test-key";
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  /** A response. */
  record Reply(int status, java.net.http.HttpHeaders headers, byte[] bytes) {
    String body() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    JsonNode json() {
      try {
        return JSON.readTree(bytes);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body(), e);
      }
    }

    @Nullable String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    String detail() {
      return json().get("detail").asText();
    }
  }

  private final String baseUrl;
  private final @Nullable String key;

  Api(String baseUrl, @Nullable String key) {
    this.baseUrl = baseUrl;
    this.key = key;
  }

  /** The same emulator, another key (null: no key header). */
  Api withKey(@Nullable String otherKey) {
    return new Api(baseUrl, otherKey);
  }

  Reply get(String pathOrUrl) {
    return send(request(pathOrUrl).GET().build());
  }

  Reply post(String path, String json) {
    return send(post(path, json, null));
  }

  HttpRequest post(String path, String json, @Nullable Duration timeout) {
    HttpRequest.Builder b = request(path)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (timeout != null) {
      b.timeout(timeout);
    }
    return b.build();
  }

  HttpRequest.Builder request(String pathOrUrl) {
    URI uri = URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : baseUrl + pathOrUrl);
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    if (key != null) {
      b.header("x-api-key", key);
    }
    return b;
  }

  Reply send(HttpRequest request) {
    try {
      return sendOrThrow(request);
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
    }
  }

  /** Sends; an I/O failure (such as a reset connection) is thrown, not wrapped. */
  Reply sendOrThrow(HttpRequest request) throws IOException {
    try {
      HttpResponse<byte[]> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new Reply(r.statusCode(), r.headers(), r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  CompletableFuture<Reply> sendAsync(HttpRequest request) {
    return CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(r -> new Reply(r.statusCode(), r.headers(), r.body()));
  }
}

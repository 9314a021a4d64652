package io.s64.emulator.storage;

import io.s64.emulator.http.ApiResponse;
import io.s64.emulator.http.BodyReader;
import io.s64.emulator.http.Exchange;
import io.s64.emulator.http.Route;
import io.s64.emulator.internal.Json;
import io.s64.emulator.search.StatusHandler;
import io.s64.emulator.state.SearchRegistry;
import io.s64.emulator.state.StoredFile;
import java.time.Duration;

/**
 * {@code GET /search/download?resource_handle_id=}: a signed storage URL for a completed search's
 * or export's CSV, valid for the configured URL TTL.
 */
public final class DownloadHandler {
  private final SearchRegistry registry;
  private final UrlSigner signer;
  private final Duration ttl;

  public DownloadHandler(SearchRegistry registry, UrlSigner signer, Duration ttl) {
    this.registry = registry;
    this.signer = signer;
    this.ttl = ttl;
  }

  public ApiResponse handle(Exchange exchange) {
    String handle = exchange.param("resource_handle_id");
    if (handle == null) {
      return ApiResponse.json(422, Json.object().set("detail", Json.array().add(BodyReader.item(
          Json.array().add("query").add("resource_handle_id"), "missing", "Field required", null,
          null))));
    }
    StoredFile file = registry.fileByHandle(handle);
    if (file == null || !file.availableAt(exchange.now())) {
      return ApiResponse.detail(404, StatusHandler.NOT_FOUND);
    }
    long expiresMillis = exchange.now().plus(ttl).toEpochMilli();
    long expires = -Math.floorDiv(-expiresMillis, 1000);
    String url = exchange.baseUrl() + Route.STORAGE_PREFIX + file.bucket() + "/" + file.path()
        + "?expires=" + expires + "&signature=" + signer.sign(file.bucket(), file.path(), expires);
    return ApiResponse.json(200, Json.object()
        .put("url", url)
        .put("bucket", file.bucket())
        .put("path", file.path()));
  }
}

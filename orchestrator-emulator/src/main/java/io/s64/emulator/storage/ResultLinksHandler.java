package io.s64.emulator.storage;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s64.emulator.http.ApiResponse;
import io.s64.emulator.http.Exchange;
import io.s64.emulator.http.Route;
import io.s64.emulator.internal.Json;
import io.s64.emulator.workflow.Query;
import io.s64.emulator.workflow.RunRegistry;
import io.s64.emulator.workflow.RunResults;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code GET /workflows/runs/{run_id}/results/download-links?format=csv|json|ndjson}: the run's
 * result file with a signed URL valid for the URL TTL (900 s by default). An empty list until the
 * run has completed (and for a run that failed or was cancelled); {@code format=json} for a run
 * started without {@code save_json=true} is a 400. Up to {@link #INLINE} rows are also inlined.
 */
public final class ResultLinksHandler {
  static final int INLINE = 10;

  private final RunRegistry runs;
  private final UrlSigner signer;
  private final Duration ttl;

  public ResultLinksHandler(RunRegistry runs, UrlSigner signer, Duration ttl) {
    this.runs = runs;
    this.signer = signer;
    this.ttl = ttl;
  }

  public ApiResponse handle(Exchange exchange) {
    Query query = new Query(exchange);
    String runId = query.uuidPath("run_id");
    String format = query.oneOf("format", "csv", "csv", "json", "ndjson");
    ApiResponse problem = query.problem();
    if (problem != null) {
      return problem;
    }
    RunResults results = runs.results(runId, exchange.now());
    if (results == null) {
      return ApiResponse.detail(404, "Workflow run not found");
    }
    if (format.equals("json") && !results.saveJson()) {
      return ApiResponse.detail(400, "format=json: run " + runId + " was started without "
          + "save_json=true, so it has no JSON results; use format=csv or ndjson, or start the "
          + "run with save_json=true");
    }
    ArrayNode list = Json.array();
    if (!results.completed()) {
      return ApiResponse.json(200, list);
    }
    ResultFiles.Rendered file = ResultFiles.render(results, format);
    String path = ResultFiles.path(runId, format);
    long expires = -Math.floorDiv(-exchange.now().plus(ttl).toEpochMilli(), 1000);
    String url = exchange.baseUrl() + Route.STORAGE_PREFIX + ResultFiles.BUCKET + "/" + path
        + "?expires=" + expires + "&signature=" + signer.sign(ResultFiles.BUCKET, path, expires);
    Instant created = results.completedAt() == null ? exchange.now() : results.completedAt();
    ObjectNode item = list.addObject()
        .put("filename", runId + "." + format)
        .put("storage_bucket", ResultFiles.BUCKET)
        .put("file_size", file.bytes().length)
        .put("row_count", file.rows())
        .put("block_number", results.blockNumber())
        .put("created_at", Json.iso(created))
        .putNull("message")
        .put("content_type", file.contentType())
        .put("download_url", url)
        .put("download_expires_in_seconds", ttl.toSeconds());
    if (file.rows() <= INLINE) {
      ArrayNode inline = item.putArray("results");
      results.rows().forEach(inline::add);
    } else {
      item.putNull("results");
    }
    return ApiResponse.json(200, list);
  }
}

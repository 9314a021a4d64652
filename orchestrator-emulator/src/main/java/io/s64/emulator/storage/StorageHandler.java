package io.s64.emulator.storage;

import io.s64.emulator.http.ApiResponse;
import io.s64.emulator.http.Exchange;
import io.s64.emulator.http.FileEndpoint;
import io.s64.emulator.limits.FaultPlan;
import io.s64.emulator.rows.Row;
import io.s64.emulator.state.SearchRegistry;
import io.s64.emulator.state.StoredFile;
import io.s64.emulator.stats.StatsRecorder;
import io.s64.emulator.workflow.RunRegistry;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The signed file URLs handed out by {@code /search/download}: no API key, no rate limit, no API
 * faults. A bad signature or a past expiry is a 403 with a cloud-storage XML error. Supports one
 * byte range ({@code Range: bytes=N-} or {@code bytes=N-M}, answered 206), as real storage does.
 */
public final class StorageHandler implements FileEndpoint {
  static final String XML = "application/xml";
  static final String CSV = "text/csv; charset=utf-8";
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d{1,18})-(\\d{0,18})");

  private final SearchRegistry registry;
  private final UrlSigner signer;
  private final FaultPlan faults;
  private final StatsRecorder stats;
  private final RunRegistry runs;

  public StorageHandler(SearchRegistry registry, UrlSigner signer, FaultPlan faults,
      StatsRecorder stats, RunRegistry runs) {
    this.registry = registry;
    this.runs = runs;
    this.signer = signer;
    this.faults = faults;
    this.stats = stats;
  }

  @Override
  public Reply handle(Exchange exchange) {
    String rest = exchange.pathParam();
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash + 1);
    String signature = exchange.param("signature");
    Long expires = number(exchange.param("expires"));
    if (signature == null || expires == null) {
      return new Reply(error(403, "AccessDenied", "Missing expires or signature"), false);
    }
    if (!signer.verify(bucket, path, expires, signature)) {
      return new Reply(error(403, "SignatureDoesNotMatch",
          "The request signature we calculated does not match the signature you provided."), false);
    }
    if (exchange.now().toEpochMilli() >= expires * 1000) {
      stats.downloadLinkExpired();
      return new Reply(error(403, "AccessDenied", "Request has expired"), false);
    }
    if (path.startsWith(ResultFiles.PREFIX)) {
      return workflowFile(exchange, bucket, path);
    }
    StoredFile file = registry.fileByPath(path);
    if (file == null || !file.bucket().equals(bucket) || !file.availableAt(exchange.now())) {
      return new Reply(error(404, "NoSuchKey", "The specified key does not exist."), false);
    }
    List<Row> rows = registry.rows().rows(file.search().rowKey, file.search().mode,
        file.search().totalRows).subList(0, file.rows());
    byte[] csv = Csv.write(file.search().mode.columns(), rows);
    ApiResponse response = range(exchange.header("Range"), csv);
    boolean cut = faults.cutDownload() && response.body().length > 1;
    if (cut) {
      stats.downloadCut();
    } else if (response.status() == 200) {
      file.search().markServed(0, file.rows());
    }
    return new Reply(response, cut);
  }

  /** A workflow run's result file; its rows count as served once a response reaches its end. */
  private Reply workflowFile(Exchange exchange, String bucket, String path) {
    ResultFiles.Rendered file = bucket.equals(ResultFiles.BUCKET)
        ? ResultFiles.find(runs, path, exchange.now()) : null;
    if (file == null) {
      return new Reply(error(404, "NoSuchKey", "The specified key does not exist."), false);
    }
    ApiResponse ranged = range(exchange.header("Range"), file.bytes());
    ApiResponse response = ranged.status() >= 400 ? ranged : new ApiResponse(ranged.status(),
        file.contentType(), ranged.body(), ranged.headers());
    boolean cut = faults.cutDownload() && response.body().length > 1;
    if (cut) {
      stats.downloadCut();
    } else if (reachesEnd(response, file.bytes().length) && runs.markServed(file.jobId())) {
      stats.workflowResultRowsServed(file.rows());
    }
    return new Reply(response, cut);
  }

  private static boolean reachesEnd(ApiResponse response, int length) {
    if (response.status() == 200) {
      return true;
    }
    String range = response.headers().get("Content-Range");
    return response.status() == 206 && range != null
        && range.startsWith("bytes ") && range.endsWith("-" + (length - 1) + "/" + length);
  }

  private static ApiResponse range(@Nullable String header, byte[] csv) {
    ApiResponse full = new ApiResponse(200, CSV, csv, Map.of("Accept-Ranges", "bytes"));
    if (header == null) {
      return full;
    }
    Matcher m = RANGE.matcher(header.trim());
    if (!m.matches()) {
      return full;
    }
    long first = Long.parseLong(m.group(1));
    long last = m.group(2).isEmpty()
        ? csv.length - 1
        : Math.min(Long.parseLong(m.group(2)), csv.length - 1);
    if (first >= csv.length || last < first) {
      return error(416, "InvalidRange", "The requested range is not satisfiable")
          .withHeader("Content-Range", "bytes */" + csv.length);
    }
    byte[] part = Arrays.copyOfRange(csv, (int) first, (int) last + 1);
    return new ApiResponse(206, CSV, part, Map.of(
        "Accept-Ranges", "bytes",
        "Content-Range", "bytes " + first + "-" + last + "/" + csv.length));
  }

  private static ApiResponse error(int status, String code, String message) {
    return ApiResponse.text(status, XML, xml(code, message));
  }

  private static String xml(String code, String message) {
    return "<?xml version='1.0' encoding='UTF-8'?><Error><Code>" + code + "</Code><Message>"
        + message + "</Message></Error>";
  }

  private static @Nullable Long number(@Nullable String text) {
    if (text == null) {
      return null;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}

package io.s64.internal;

import io.s64.error.ApiException;
import io.s64.error.ApiException.ValidationError;
import io.s64.error.DecodeException;
import io.s64.http.HttpTransport.Response;
import io.s64.model.DownloadLink;
import io.s64.model.JobStatus;
import io.s64.model.Page;
import io.s64.model.Row;
import io.s64.model.SearchStatus;
import io.s64.model.Task;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Response bodies to model records. Lenient where the contract allows (unknown fields, numbers as
 * strings, status strings in any case), strict where s64 depends on a field: a missing {@code
 * task_id} or {@code status} is a {@link DecodeException}.
 */
public final class Decode {
  private Decode() {}

  /** The answer of start-deep-search or export. */
  public static Task task(Response r, String op, String searchId) {
    Map<String, @Nullable Object> o = Json.readObject(r.body(), op);
    String status = Json.optString(o, "status");
    String message = Json.optString(o, "message");
    return new Task(Json.string(o, "task_id", op), status == null ? "" : status,
        message == null ? "" : message, searchId);
  }

  /** The answer of check-balance: the organization's credits. */
  public static java.math.BigDecimal credits(Response r, String op) {
    Map<String, @Nullable Object> o = Json.readObject(r.body(), op);
    Object v = o.get("credits");
    if (v instanceof Number) {
      try {
        return new java.math.BigDecimal(v.toString());
      } catch (NumberFormatException e) {
        // NaN or an infinity: not a balance
      }
    }
    throw new DecodeException(op + ": field 'credits' must be a number but was " + v, null);
  }

  /** The answer of an async enrichment start. */
  public static Task asyncJob(Response r, String op) {
    Map<String, @Nullable Object> o = Json.readObject(r.body(), op);
    String status = Json.optString(o, "status");
    String message = Json.optString(o, "message");
    return new Task(Json.string(o, "task_id", op), status == null ? "" : status,
        message == null ? "" : message, null);
  }

  /** The answer of search status. */
  public static SearchStatus status(Response r, String op) {
    Map<String, @Nullable Object> o = Json.readObject(r.body(), op);
    String status = Json.string(o, "status", op);
    return new SearchStatus(
        Json.string(o, "task_id", op),
        SearchStatus.State.parse(status),
        status,
        Json.optString(o, "start_time"),
        Json.optInt(o, "current_phase"),
        Json.optString(o, "progress_message"),
        Json.optString(o, "close_time"),
        emptyToNull(Json.optString(o, "resource_handle_id")),
        Json.optLong(o, "total_results"),
        Json.optString(o, "error"),
        emptyToNull(Json.optString(o, "search_id")),
        iterations(o.get("iterations")));
  }

  /**
   * The {@code iterations} of a search status: debug data of no use to s64's own flow, so read
   * leniently (elements that are not objects are skipped, a value that is not an array reads as
   * none) rather than failing a poll.
   */
  @SuppressWarnings("unchecked")
  private static List<Map<String, @Nullable Object>> iterations(@Nullable Object value) {
    if (!(value instanceof List)) {
      return List.of();
    }
    List<Map<String, @Nullable Object>> out = new ArrayList<>();
    for (Object e : (List<?>) value) {
      if (e instanceof Map) {
        out.add((Map<String, @Nullable Object>) e);
      }
    }
    return out;
  }

  /** A page of /search/query. */
  public static Page page(Response r, String op) {
    return PageDecoder.decode(r.body(), op);
  }

  /** The answer of /search/download. */
  public static DownloadLink link(Response r, String op) {
    Map<String, @Nullable Object> o = Json.readObject(r.body(), op);
    String url = Json.string(o, "url", op);
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new DecodeException(op + ": field 'url' is not a valid URL", null);
    }
    if (uri.getScheme() == null || !uri.getScheme().toLowerCase().startsWith("http")) {
      throw new DecodeException(op + ": field 'url' is not an http(s) URL", null);
    }
    String bucket = Json.optString(o, "bucket");
    String path = Json.optString(o, "path");
    return new DownloadLink(uri, bucket == null ? "" : bucket, path == null ? "" : path);
  }

  /** The answer of /job-status. */
  public static JobStatus job(Response r, String op) {
    Map<String, @Nullable Object> o = Json.readObject(r.body(), op);
    String status = Json.string(o, "status", op);
    String id = Json.optString(o, "id");
    if (id == null) {
      id = Json.optString(o, "task_id");
    }
    if (id == null) {
      throw new DecodeException(op + ": field 'id' must be a string but was missing", null);
    }
    Object result = o.get("result");
    if (result == null && o.get("structured_data") != null) {
      result = Map.of("structured_data", o.get("structured_data")); // older top-level shape
    }
    if (result == null && o.get("results") != null) {
      result = o.get("results");
    }
    return new JobStatus(id, JobStatus.State.parse(status), status,
        Json.optString(o, "start_time"), Json.optString(o, "close_time"), result,
        Json.optDouble(o, "charge_amount"), Json.optDouble(o, "charge_credits"),
        Json.optString(o, "task_type"), Json.optString(o, "error"));
  }

  /**
   * The error of a non-2xx response: {@code detail} as a string, the 422 list of {@code {loc,
   * msg, type}}, the legacy {@code {error, message}}, or an excerpt of a non-JSON body (an HTML
   * error page, say).
   */
  @SuppressWarnings("unchecked")
  public static ApiException error(Response r, String op, Redactor redactor) {
    Object parsed = Json.readAny(r.body());
    String detail;
    List<ValidationError> errors = new ArrayList<>();
    if (parsed instanceof Map) {
      Map<String, Object> o = (Map<String, Object>) parsed;
      Object d = o.get("detail");
      if (d instanceof String) {
        detail = (String) d;
      } else if (d instanceof List) {
        for (Object e : (List<Object>) d) {
          if (e instanceof Map) {
            Map<String, Object> m = (Map<String, Object>) e;
            errors.add(new ValidationError(location(m.get("loc")), str(m.get("msg")), str(m.get("type"))));
          }
        }
        detail = ValidationError.describe(errors);
      } else if (o.get("message") != null || o.get("error") != null) {
        detail = str(o.get("error")) + (o.get("message") == null ? "" : ": " + str(o.get("message")));
      } else {
        detail = excerpt(new String(r.body(), StandardCharsets.UTF_8));
      }
    } else {
      detail = excerpt(new String(r.body(), StandardCharsets.UTF_8));
    }
    detail = redactor.clean(detail);
    List<ValidationError> clean = errors.stream()
        .map(e -> new ValidationError(e.location(), redactor.clean(e.message()), e.type()))
        .collect(Collectors.toList());
    return r.status() == 401
        ? new ApiException(op, 401, detail, List.of())
        : new ApiException(op, r.status(), detail, clean);
  }

  /** The {@code detail} string of an error body, or "" (used to classify 429s). */
  public static String detailText(Response r) {
    Object parsed = Json.readAny(r.body());
    if (parsed instanceof Map && ((Map<?, ?>) parsed).get("detail") instanceof String) {
      return (String) ((Map<?, ?>) parsed).get("detail");
    }
    return "";
  }

  private static String location(@Nullable Object loc) {
    if (loc instanceof List) {
      return ((List<?>) loc).stream().map(String::valueOf).collect(Collectors.joining("."));
    }
    return loc == null ? "" : loc.toString();
  }

  private static String str(@Nullable Object o) {
    return o == null ? "" : o.toString();
  }

  /** Tags stripped, whitespace folded, at most 200 characters. */
  public static String excerpt(String body) {
    String text = body.replaceAll("(?s)<(script|style)[^>]*>.*?</\\1>", " ")
        .replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim();
    return text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }

  private static @Nullable String emptyToNull(@Nullable String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}

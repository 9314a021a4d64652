package io.s64.error;

import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The server answered with an error status. Carries the status, the server's {@code detail}
 * (the string form, or the FastAPI 422 list flattened into one line) and, for 422, the individual
 * {@link ValidationError}s.
 *
 * <p>400, 403, 404, 409 and 422 mean the request itself is wrong and are not retried; 5xx statuses
 * are retried by the client and reach the caller only once the retry policy gives up.
 */
public class ApiException extends S64Exception {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String operation;
  private final String detail;
  private final List<ValidationError> validationErrors;

  public ApiException(String operation, int status, String detail, List<ValidationError> errors) {
    super(message(operation, status, detail));
    this.status = status;
    this.operation = operation;
    this.detail = detail;
    this.validationErrors = List.copyOf(errors);
  }

  private static String message(String operation, int status, String detail) {
    return operation + " failed with HTTP " + status + (detail.isEmpty() ? "" : ": " + detail);
  }

  /** The HTTP status code. */
  public int status() {
    return status;
  }

  /** What was being done, such as {@code "POST /search/query"}; never a full URL. */
  public String operation() {
    return operation;
  }

  /** The server's {@code detail}, or a short excerpt of a non-JSON body; may be empty. */
  public String detail() {
    return detail;
  }

  /** The field-level errors of a 422 response; empty otherwise. */
  public List<ValidationError> validationErrors() {
    return validationErrors;
  }

  /**
   * HTTP 401: the API key is missing, unknown, revoked or expired. Every later call on the same key
   * would fail the same way, so a batch stops as a whole when it sees one. The message never
   * contains the key.
   */
  public boolean isAuthentication() {
    return status == 401;
  }

  @Override
  public boolean isRetryable() {
    return status >= 500 || status == 408;
  }

  /**
   * One entry of a FastAPI validation error: where ({@code loc}, such as {@code body.page_size}),
   * what ({@code msg}) and the error {@code type}.
   *
   * @param location the path to the offending value, elements joined by dots
   * @param message the human-readable message
   * @param type the machine-readable error type, such as {@code less_than_equal}
   */
  public record ValidationError(String location, String message, String type) {
    /** Flattens a list of errors into one line, as used in {@link ApiException#detail()}. */
    public static String describe(List<ValidationError> errors) {
      return errors.stream()
          .map(e -> e.location() + ": " + e.message() + " (" + e.type() + ")")
          .collect(Collectors.joining("; "));
    }

    /** Convenience for callers that only need the field name, the last element of the location. */
    public @Nullable String field() {
      int dot = location.lastIndexOf('.');
      return location.isEmpty() ? null : location.substring(dot + 1);
    }
  }
}

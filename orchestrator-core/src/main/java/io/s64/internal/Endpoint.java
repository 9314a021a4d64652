package io.s64.internal;

import io.s64.http.HttpTransport.Response;
import io.s64.limits.RequestBudget;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * One API operation, declared once: its method and path, the budget lane it waits in, when a
 * failed call may be sent again, what a 429 on it can mean, and how its answer is read. The
 * client and the retry path read everything from here; {@link Endpoints} holds the declarations.
 *
 * <p>The path is a template: each {@code {name}} is filled, in order, from {@link
 * Args#values()}; a value before the {@code ?} is encoded as a path segment (a space as {@code
 * %20}), one after it as a query value (a space as {@code +}).
 *
 * @param method the HTTP method
 * @param path the path template, for example {@code /search/status/{taskId}}
 * @param lane the request budget's lane
 * @param retry which failures may be sent again
 * @param tooManyRequests what a 429 on this operation can mean
 * @param decoder reads a 2xx answer
 * @param <T> what the answer decodes to
 */
public record Endpoint<T>(
    Method method,
    String path,
    RequestBudget.Lane lane,
    Retry retry,
    TooManyRequests tooManyRequests,
    Decoder<T> decoder) {

  /** The HTTP methods the API uses. */
  public enum Method { GET, POST }

  /** Which failed calls go again (after the {@linkplain RetryRules retry rules}' backoff). */
  public enum Retry {
    /** Every transient failure: the call is idempotent, or carries its own idempotency key. */
    ANY_TRANSIENT,
    /**
     * Only a failure that proves the server did nothing ({@link Caller#certainlyNotActedOn}): the
     * call starts something billed and has no idempotency key, so after a lost answer (timeout,
     * reset, unreadable 200) or an ambiguous one (500, 502, 504 and the other 5xx) the work may
     * have started, repeating it could pay twice, and the error is final.
     */
    ONLY_IF_NOT_ACTED_ON
  }

  /** What a 429 on the operation can mean. */
  public enum TooManyRequests {
    /** The key's window is spent: wait for the reset. */
    MEANS_RATE_LIMIT,
    /**
     * As {@link #MEANS_RATE_LIMIT}, or, with room left in the window, that the organization's
     * deep-search slots are all busy (nothing was started, and nothing pauses).
     */
    MAY_MEAN_SLOTS_BUSY
  }

  /** Reads a 2xx answer. */
  @FunctionalInterface
  public interface Decoder<T> {
    /**
     * @param operation the endpoint's {@linkplain Endpoint#name() name}, for messages
     * @param args the call's arguments
     */
    T decode(Response response, String operation, Args args);
  }

  public Endpoint {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(lane, "lane");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(tooManyRequests, "tooManyRequests");
    Objects.requireNonNull(decoder, "decoder");
    if (!path.startsWith("/") || path.chars().filter(c -> c == '{').count()
        != path.chars().filter(c -> c == '}').count()) {
      throw new IllegalArgumentException("path must be a template like /a/{b} but was " + path);
    }
  }

  /** The same operation in another lane. */
  public Endpoint<T> withLane(RequestBudget.Lane other) {
    return new Endpoint<>(method, path, other, retry, tooManyRequests, decoder);
  }

  /**
   * The operation's name in messages: the method and the path before its first parameter and its
   * query, for example {@code GET /search/status}.
   */
  public String name() {
    int end = path.length();
    int parameter = path.indexOf("/{");
    int query = path.indexOf('?');
    if (parameter >= 0) {
      end = parameter;
    }
    if (query >= 0 && query < end) {
      end = query;
    }
    return method + " " + path.substring(0, end);
  }

  /** The path and query with the template's parameters filled from {@code values}, in order. */
  public String expand(List<String> values) {
    int open = path.indexOf('{');
    if (open < 0 && values.isEmpty()) {
      return path;
    }
    int query = path.indexOf('?');
    StringBuilder out = new StringBuilder(path.length() + 32);
    int from = 0;
    int next = 0;
    for (; open >= 0; open = path.indexOf('{', from)) {
      int close = path.indexOf('}', open);
      if (next == values.size()) {
        throw new IllegalArgumentException(name() + " needs a value for " + path.substring(open, close + 1));
      }
      String encoded = URLEncoder.encode(values.get(next++), StandardCharsets.UTF_8);
      out.append(path, from, open).append(query >= 0 && open > query ? encoded : encoded.replace("+", "%20"));
      from = close + 1;
    }
    if (next != values.size()) {
      throw new IllegalArgumentException(name() + " takes " + next + " values but was given " + values.size());
    }
    return out.append(path, from, path.length()).toString();
  }

  /** Reads a 2xx answer to a call with {@code args}. */
  public T decode(Response response, Args args) {
    return decoder.decode(response, name(), args);
  }
}

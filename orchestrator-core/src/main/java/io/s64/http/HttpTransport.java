package io.s64.http;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Moves requests and responses; knows nothing of the API. Implementations must release every
 * response body on every path, never log headers (they carry the API key) and never log storage
 * URLs (they are signed).
 */
public interface HttpTransport {

  /**
   * A Reactor Netty transport with its own connection pool.
   *
   * @param baseUrl where API paths are resolved, such as {@code https://api.sixtyfour.ai}
   * @param connectTimeout the TCP connect timeout
   * @param responseTimeout the longest silence while waiting for or reading a response
   * @param maxConnections the pool size per remote host
   */
  static HttpTransport netty(
      URI baseUrl, Duration connectTimeout, Duration responseTimeout, int maxConnections) {
    return new NettyTransport(baseUrl, connectTimeout, responseTimeout, maxConnections);
  }

  /**
   * Sends one API request and aggregates the response. Fails with a {@code TransportException}
   * when no response arrives (connection error, reset, timeout); an HTTP error status is a
   * normal response.
   */
  Mono<Response> exchange(Request request);

  /**
   * Streams the body of an absolute URL (a signed storage URL) from byte {@code offset} on,
   * without buffering it whole and without any API credentials. A non-2xx status fails with an
   * {@code ApiException} whose message does not contain the URL. When the server ignores the
   * range and sends the whole body, the first {@code offset} bytes are skipped here, so the stream
   * always starts at {@code offset}. A range that starts exactly at the end of the file (416 with
   * {@code Content-Range: bytes *}{@code /offset}) is an empty stream, not an error: everything
   * before it was read. Each buffer is the subscriber's to keep.
   */
  Flux<ByteBuffer> download(URI url, long offset);

  /** Releases the connection pool. */
  Mono<Void> close();

  /**
   * An API request.
   *
   * @param method the HTTP method
   * @param path the path and query, relative to the base URL
   * @param headers request headers; may carry the API key, so {@link #toString()} omits them
   * @param body the JSON body, or null
   * @param mayGo asked at the last moment before the request goes on the wire (after a pooled
   *     connection was found); when it answers false the transport sends nothing and fails with
   *     {@link NotSent}. The budget uses it so that nothing leaves during a rate-limit pause that
   *     began while the request waited for a connection. It runs on the connection's I/O thread
   *     and must not block.
   * @param onHead told of the response's status line and headers the moment they are read, before
   *     the body, on the connection's I/O thread (it must not block; the {@link Response} it gets
   *     has an empty body). The budget uses it to pause the key on a 429 before any other request
   *     asks {@code mayGo}: the full response reaches the caller later, on another thread.
   */
  record Request(String method, String path, Map<String, String> headers, byte @Nullable [] body,
      BooleanSupplier mayGo, Consumer<Response> onHead) {
    public Request {
      headers = Map.copyOf(headers);
    }

    /** A request with no last-moment check. */
    public Request(String method, String path, Map<String, String> headers, byte @Nullable [] body) {
      this(method, path, headers, body, () -> true);
    }

    /** A request whose response head nobody watches. */
    public Request(String method, String path, Map<String, String> headers, byte @Nullable [] body,
        BooleanSupplier mayGo) {
      this(method, path, headers, body, mayGo, head -> { });
    }

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  /** A request that was not sent because its {@link Request#mayGo()} answered false. */
  final class NotSent extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotSent() {
      super("not sent: the request budget paused before the request could go", null, false, false);
    }
  }

  /**
   * An aggregated response.
   *
   * @param status the HTTP status
   * @param headers the response headers s64 reads, names in lower case
   * @param body the body, possibly empty
   */
  record Response(int status, Map<String, String> headers, byte[] body) {
    /** The names of the headers a transport must copy into {@link #headers()}. */
    public static final String[] READ_HEADERS = {
      "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "retry-after",
      "content-type"
    };

    /** A header by (any-case) name, or null. */
    public @Nullable String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
      return "Response[" + status + ", " + body.length + " bytes]";
    }
  }

}

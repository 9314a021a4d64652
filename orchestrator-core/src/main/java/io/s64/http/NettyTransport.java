package io.s64.http;

import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.timeout.ReadTimeoutException;
import io.s64.error.ApiException;
import io.s64.error.S64Exception;
import io.s64.error.TransportException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.resources.ConnectionProvider;

/** {@link HttpTransport} on a Reactor Netty {@link HttpClient} with a private connection pool. */
final class NettyTransport implements HttpTransport {
  private static final byte[] EMPTY = new byte[0];
  private static final String STORAGE = "GET signed download URL";

  private final ConnectionProvider pool;
  private final ConnectionProvider storagePool;
  private final HttpClient api;
  private final HttpClient storage;

  NettyTransport(URI baseUrl, Duration connectTimeout, Duration responseTimeout, int maxConnections) {
    // Two pools: a download holds its connection for as long as the file streams, and must not
    // take one of the API's connections (the budget keeps at most maxConnections API requests in
    // flight so that none waits in the pool; a download on the API's host would break that).
    this.pool = pool("s64-api", maxConnections, connectTimeout, responseTimeout);
    this.storagePool = pool("s64-storage", maxConnections, connectTimeout, responseTimeout);
    this.api = client(pool, connectTimeout, responseTimeout)
        .baseUrl(stripTrailingSlash(baseUrl.toString()));
    this.storage = client(storagePool, connectTimeout, responseTimeout).followRedirect(true);
  }

  private static ConnectionProvider pool(String name, int maxConnections, Duration connectTimeout,
      Duration responseTimeout) {
    return ConnectionProvider.builder(name)
        .maxConnections(maxConnections)
        .pendingAcquireMaxCount(-1)
        .pendingAcquireTimeout(responseTimeout.plus(connectTimeout).multipliedBy(4))
        .maxIdleTime(Duration.ofSeconds(20))
        .build();
  }

  private static HttpClient client(ConnectionProvider pool, Duration connectTimeout,
      Duration responseTimeout) {
    return HttpClient.create(pool)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
        .responseTimeout(responseTimeout)
        .headers(h -> h.set(HttpHeaderNames.USER_AGENT, "s64/0.1"));
  }

  private static String stripTrailingSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  @Override
  public Mono<Response> exchange(Request request) {
    byte[] body = request.body();
    // Headers and the last-moment check go on the request object inside send(): configuring the
    // client per request (headers(), doOnRequest()) would copy its configuration every time.
    return api.request(methodOf(request.method()))
        .uri(request.path())
        .send((req, out) -> {
          if (!request.mayGo().getAsBoolean()) {
            return Mono.error(new NotSent());
          }
          request.headers().forEach(req::header);
          if (body == null) {
            req.header(HttpHeaderNames.CONTENT_LENGTH, "0");
            return out;
          }
          req.header(HttpHeaderNames.CONTENT_TYPE, "application/json");
          req.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
          return out.sendByteArray(Mono.just(body));
        })
        .responseSingle((response, content) -> {
          int status = response.status().code();
          Map<String, String> headers = readHeaders(response);
          request.onHead().accept(new Response(status, headers, EMPTY));
          return content.asByteArray()
              .defaultIfEmpty(EMPTY)
              .map(bytes -> new Response(status, headers, bytes));
        })
        .onErrorMap(e -> !(e instanceof S64Exception) && !(e instanceof NotSent),
            e -> transportError(request.toString(), e));
  }

  private static HttpMethod methodOf(String method) {
    switch (method) {
      case "GET":
        return HttpMethod.GET;
      case "POST":
        return HttpMethod.POST;
      default:
        return HttpMethod.valueOf(method);
    }
  }

  private static Map<String, String> readHeaders(HttpClientResponse response) {
    HttpHeaders headers = response.responseHeaders();
    Map<String, String> out = new HashMap<>(8);
    for (String name : Response.READ_HEADERS) {
      String v = headers.get(name);
      if (v != null) {
        out.put(name, v);
      }
    }
    return out;
  }

  @Override
  public Flux<ByteBuffer> download(URI url, long offset) {
    return Flux.defer(() -> {
      HttpClient client = offset > 0
          ? storage.headers(h -> h.set(HttpHeaderNames.RANGE, "bytes=" + offset + "-"))
          : storage;
      return client.get().uri(url).response((response, content) -> {
        int status = response.status().code();
        long expected = contentLength(response.responseHeaders());
        if (status == 206 || (status == 200 && offset == 0)) {
          return complete(content.asByteArray(), expected).map(ByteBuffer::wrap);
        }
        if (status == 200) {
          return skip(complete(content.asByteArray(), expected), offset);
        }
        if (status == 416 && offset > 0 && length(response.responseHeaders()) == offset) {
          // The range starts at the end of the file: everything before it was read already
          // (a connection that broke after the last byte). Nothing is left, which is no error.
          return content.then().thenMany(Flux.<ByteBuffer>empty());
        }
        return content.aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
            .flatMapMany(text -> Flux.<ByteBuffer>error(new ApiException(
                STORAGE, status, excerpt(text), List.of())));
      }).onErrorMap(e -> !(e instanceof S64Exception), e -> transportError(STORAGE, e));
    });
  }

  /** The whole length a 416 names in {@code Content-Range: bytes *}{@code /N}, or -1. */
  private static long length(HttpHeaders headers) {
    String v = headers.get(HttpHeaderNames.CONTENT_RANGE);
    if (v == null) {
      return -1;
    }
    String t = v.trim();
    if (!t.startsWith("bytes */")) {
      return -1;
    }
    try {
      return Long.parseLong(t.substring("bytes */".length()).trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static long contentLength(HttpHeaders headers) {
    String v = headers.get(HttpHeaderNames.CONTENT_LENGTH);
    try {
      return v == null ? -1 : Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Fails a body that ends before its announced length: a connection closed mid-body must not
   * pass for the end of the file (its last row would be cut in half).
   */
  static Flux<byte[]> complete(Flux<byte[]> chunks, long expected) {
    if (expected < 0) {
      return chunks;
    }
    return Flux.defer(() -> {
      long[] seen = {0};
      return chunks.doOnNext(b -> seen[0] += b.length)
          .concatWith(Flux.defer(() -> seen[0] < expected
              ? Flux.error(new TransportException(STORAGE + ": the body ended after " + seen[0]
                  + " of " + expected + " bytes", false, null))
              : Flux.empty()));
    });
  }

  /** Drops the first {@code count} bytes of a stream of chunks. */
  static Flux<ByteBuffer> skip(Flux<byte[]> chunks, long count) {
    long[] left = {count};
    return chunks.handle((bytes, sink) -> {
      if (left[0] >= bytes.length) {
        left[0] -= bytes.length;
        return;
      }
      int from = (int) left[0];
      left[0] = 0;
      sink.next(ByteBuffer.wrap(bytes, from, bytes.length - from).slice());
    });
  }

  private static String excerpt(String body) {
    String text = body.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim();
    return text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }

  static TransportException transportError(String what, Throwable e) {
    boolean timeout = e instanceof ReadTimeoutException || e instanceof TimeoutException
        || e.getCause() instanceof ReadTimeoutException;
    String why;
    if (timeout) {
      why = "no response in time";
    } else if (e instanceof PrematureCloseException) {
      why = "connection closed before the response was complete";
    } else {
      why = e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage().replaceAll("https?://\\S+", "<url>"));
    }
    return new TransportException(what + ": " + why, timeout, e);
  }

  @Override
  public Mono<Void> close() {
    return Mono.when(pool.disposeLater(), storagePool.disposeLater());
  }
}

package io.s64.emulator.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.s64.emulator.stats.StatsRecorder;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Puts an {@link ApiResponse} on the wire: at once, after a delay (slow-response fault), never
 * (connection reset: {@code SO_LINGER 0} then close, so the peer sees a TCP RST), or partly
 * (download cut: the full {@code Content-Length}, half of the body, then a reset). Counts every
 * status sent.
 */
public final class ResponseWriter {
  private final StatsRecorder stats;

  public ResponseWriter(StatsRecorder stats) {
    this.stats = stats;
  }

  Mono<Void> send(HttpServerResponse out, ApiResponse response) {
    stats.response(response.status());
    return sendUncounted(out, response);
  }

  /** Sends without counting the status (introspection routes are not part of the stats). */
  Mono<Void> sendUncounted(HttpServerResponse out, ApiResponse response) {
    head(out, response, response.body().length);
    return out.sendByteArray(Mono.just(response.body())).then();
  }

  /** Sends after {@code delay}; if the client has gone by then, the response is dropped quietly. */
  Mono<Void> sendLater(HttpServerResponse out, ApiResponse response, Duration delay) {
    return Mono.delay(delay)
        .then(Mono.defer(() -> send(out, response)))
        .onErrorResume(e -> Mono.empty());
  }

  /** Resets the connection without a response. */
  Mono<Void> reset(HttpServerResponse out) {
    out.withConnection(connection -> reset(connection.channel()));
    return Mono.empty();
  }

  /**
   * Announces the whole body, sends half of it, then resets the connection. The channel is taken
   * before sending: once the response completes, Reactor Netty detaches it from the response.
   */
  Mono<Void> sendCut(HttpServerResponse out, ApiResponse response) {
    stats.response(response.status());
    head(out, response, response.body().length);
    Channel[] channel = new Channel[1];
    out.withConnection(connection -> channel[0] = connection.channel());
    byte[] half = Arrays.copyOf(response.body(), response.body().length / 2);
    return out.sendByteArray(Mono.just(half)).then()
        .onErrorResume(e -> Mono.empty())
        .then(Mono.fromRunnable(() -> reset(channel[0])));
  }

  private static void head(HttpServerResponse out, ApiResponse response, int contentLength) {
    out.status(response.status())
        .header(HttpHeaderNames.CONTENT_TYPE, response.contentType())
        .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(contentLength));
    for (Map.Entry<String, String> header : response.headers().entrySet()) {
      out.header(header.getKey(), header.getValue());
    }
  }

  private static void reset(@Nullable Channel channel) {
    if (channel != null && channel.isOpen()) {
      channel.config().setOption(ChannelOption.SO_LINGER, 0);
      channel.close();
    }
  }
}

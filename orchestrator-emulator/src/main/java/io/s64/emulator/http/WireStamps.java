package io.s64.emulator.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.s64.emulator.limits.PauseLedger;
import java.time.InstantSource;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The moments things cross the wire, read on the connection's event loop: when the first byte of a
 * request was read, and when a response starts to be written.
 *
 * <p>Two handlers per connection: one at the very front of the pipeline notes the time of the
 * first read after the previous request ended; one right after the HTTP codec writes that time
 * into the decoded request as the {@value #HEADER} header (replacing any the client sent), notes
 * where the request ends, and, on the way out, tells a waiting {@link #whenWritten} callback the
 * moment the response head is written, before its bytes are flushed to the socket (so the callback
 * has run before a client can have read them). Requests are handled off the event loops, so a read
 * is not held up behind the handling of another request and a stamp is the time the bytes came in.
 */
final class WireStamps {
  /** The header carrying {@code nanoTime/epochMillis} of the first byte; set by the emulator. */
  static final String HEADER = "x-s64-emulator-arrival";

  private static final String STAMPER = "s64.wireStamps";

  /** One connection's reading state; touched only on its event loop. */
  private static final class Reading {
    boolean betweenRequests = true;
    boolean firstByteUnclaimed;
    long firstByteNanos;
    long firstByteMillis;
    long readNanos;
    long readMillis;
  }

  private WireStamps() {}

  /** Adds the two handlers to a new server channel whose HTTP codec is in place. */
  static void install(Channel channel, InstantSource clock) {
    Reading reading = new Reading();
    channel.pipeline().addFirst("s64.firstByte", new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        reading.readNanos = System.nanoTime();
        reading.readMillis = clock.millis();
        if (reading.betweenRequests) {
          reading.betweenRequests = false;
          reading.firstByteUnclaimed = true;
          reading.firstByteNanos = reading.readNanos;
          reading.firstByteMillis = reading.readMillis;
        }
        ctx.fireChannelRead(msg);
      }
    });
    channel.pipeline().addAfter(NettyPipeline.HttpCodec, STAMPER, new Stamper(reading));
  }

  /** After the codec: stamps decoded requests, and tells a waiting callback of a response head. */
  private static final class Stamper extends ChannelDuplexHandler {
    private final Reading reading;
    private volatile @Nullable LongConsumer onWrite;

    Stamper(Reading reading) {
      this.reading = reading;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest request) {
        // A request that began in the read that ended the one before it (pipelining) was
        // first seen in that read.
        boolean fresh = reading.firstByteUnclaimed;
        long nanos = fresh ? reading.firstByteNanos : reading.readNanos;
        long millis = fresh ? reading.firstByteMillis : reading.readMillis;
        reading.firstByteUnclaimed = false;
        reading.betweenRequests = false;
        request.headers().set(HEADER, nanos + "/" + millis);
      }
      if (msg instanceof LastHttpContent) {
        reading.betweenRequests = true;
      }
      ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      LongConsumer waiting = onWrite;
      if (msg instanceof HttpResponse && waiting != null) {
        onWrite = null;
        waiting.accept(System.nanoTime());
      }
      ctx.write(msg, promise);
    }
  }

  /** The arrival stamped on a request that came on {@code connection}. */
  static PauseLedger.Arrival arrival(HttpHeaders headers, Object connection, InstantSource clock) {
    String stamp = headers.get(HEADER);
    int slash = stamp == null ? -1 : stamp.indexOf('/');
    if (slash < 0) {
      // Not stamped (no codec where expected): the time the handler runs is the best there is.
      return new PauseLedger.Arrival(System.nanoTime(), clock.millis(), connection);
    }
    return new PauseLedger.Arrival(Long.parseLong(stamp.substring(0, slash)),
        Long.parseLong(stamp.substring(slash + 1)), connection);
  }

  /**
   * Arranges for {@code onWrite} to be told the {@link System#nanoTime()} at which the next
   * response on {@code out}'s connection starts to be written, before its bytes reach the socket.
   * Call it just before sending that response.
   */
  static void whenWritten(HttpServerResponse out, LongConsumer onWrite) {
    out.withConnection(c -> {
      if (c.channel().pipeline().get(STAMPER) instanceof Stamper stamper) {
        stamper.onWrite = onWrite;
      }
    });
  }
}

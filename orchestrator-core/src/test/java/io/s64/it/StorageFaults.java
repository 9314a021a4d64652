package io.s64.it;

import io.s64.http.HttpTransport;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The real transport with faults on its downloads, for the CSV tests: API calls go through
 * untouched, and {@link #faulty} decides what becomes of download number {@code n} (0-based).
 * Records the offset every download started at.
 */
abstract class StorageFaults implements HttpTransport {
  final HttpTransport real;
  final List<Long> offsets = new CopyOnWriteArrayList<>();
  final AtomicInteger downloads = new AtomicInteger();

  StorageFaults(HttpTransport real) {
    this.real = real;
  }

  /** Download {@code n}, as the test wants it to go; {@code body} is the real one. */
  abstract Flux<ByteBuffer> faulty(int n, Flux<ByteBuffer> body);

  @Override
  public final Mono<Response> exchange(Request request) {
    return real.exchange(request);
  }

  @Override
  public final Flux<ByteBuffer> download(URI url, long offset) {
    offsets.add(offset);
    return faulty(downloads.getAndIncrement(), real.download(url, offset));
  }

  @Override
  public final Mono<Void> close() {
    return real.close();
  }

  /** The first {@code n} bytes of a body, whatever the size of its buffers. */
  static Flux<ByteBuffer> first(Flux<ByteBuffer> body, long n) {
    long[] left = {n};
    return body.takeWhile(b -> left[0] > 0).map(b -> {
      ByteBuffer part = b.slice();
      part.limit((int) Math.min(part.remaining(), left[0]));
      left[0] -= part.remaining();
      return part;
    });
  }
}

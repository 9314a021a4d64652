package io.s64.redis.queue;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Reads a queue's outcomes and rows in the order they were written, for the output folder, and
 * trims rows once they are safely written there, so Redis holds only rows in flight. One collector
 * at a time may trim: it holds the queue's collector {@linkplain #lock lock}.
 */
public final class QueueCollector {
  private final Connection connection;
  private final QueueKeys keys;

  QueueCollector(JobQueue queue) {
    this.connection = queue.connection();
    this.keys = queue.keys();
  }

  /**
   * An entry of the outcomes or rows stream.
   *
   * @param id the stream id; read on after it
   * @param jobId the job
   * @param text one outcome line, or the lines of a page of rows (joined by line breaks)
   */
  public record Entry(String id, String jobId, String text) {}

  /** Takes or renews the lock for {@code owner}, for {@code ttl}; false when another holds it. */
  public Mono<Boolean> lock(String owner, Duration ttl) {
    return connection.<Long>eval(Scripts.LOCK, ScriptOutputType.INTEGER, List.of(keys.collector()),
        List.of(owner, Long.toString(ttl.toMillis()))).map(r -> r == 1);
  }

  /** Gives the lock up, when {@code owner} holds it. */
  public Mono<Void> unlock(String owner) {
    return connection.<Long>eval(Scripts.LOCK, ScriptOutputType.INTEGER, List.of(keys.collector()),
        List.of(owner, "1")).then();
  }

  /** Up to {@code count} outcomes after stream id {@code after} ({@code 0} for the first). */
  public Mono<List<Entry>> outcomes(String after, int count) {
    return read(keys.outcomes(), "line", after, count);
  }

  /** Up to {@code count} pages of rows after stream id {@code after}. */
  public Mono<List<Entry>> rows(String after, int count) {
    return read(keys.rows(), "lines", after, count);
  }

  /** Deletes pages of rows that are written to the output folder. */
  public Mono<Long> trimRows(List<String> ids) {
    if (ids.isEmpty()) {
      return Mono.just(0L);
    }
    String[] a = ids.toArray(String[]::new);
    return connection.call(() -> connection.redis.xdel(keys.rows(), a));
  }

  private Mono<List<Entry>> read(String stream, String field, String after, int count) {
    return connection.call(() -> connection.redis
            .xread(XReadArgs.Builder.count(count), XReadArgs.StreamOffset.from(stream, after))
            .map((StreamMessage<String, String> m) -> new Entry(m.getId(),
                m.getBody().getOrDefault("job", ""), m.getBody().getOrDefault(field, "")))
            .collectList());
  }
}

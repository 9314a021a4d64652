package io.s64.redis.queue;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * One connection to the queue's Redis, and the rule for Redis being away: a command that fails
 * because Redis cannot be reached (refused, reset, timed out, still loading its data after a
 * restart) is sent again after a backoff of 50 ms doubling to 1 s, for as long as it takes. Every
 * script is safe to send twice, so nothing fails and nothing is done twice for an outage. Commands
 * are refused at once while disconnected (not queued to run later), so nothing stale is replayed
 * after a reconnect.
 */
final class Connection {
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  final RedisReactiveCommands<String, String> redis;

  private Connection(RedisClient client, StatefulRedisConnection<String, String> connection) {
    this.client = client;
    this.connection = connection;
    this.redis = connection.reactive();
  }

  /**
   * Connects to {@code url} ({@code redis://} or {@code rediss://}, with a password when given).
   *
   * @throws IllegalArgumentException when the URL is not a Redis URL
   * @throws RedisException when Redis cannot be reached now
   */
  static Connection open(String url) {
    RedisURI uri;
    try {
      uri = RedisURI.create(url);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a Redis URL (redis://host:port or rediss://...): "
          + e.getMessage());
    }
    uri.setTimeout(COMMAND_TIMEOUT);
    RedisClient client = RedisClient.create(uri);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
        .build());
    try {
      return new Connection(client, client.connect());
    } catch (RuntimeException e) {
      client.shutdown();
      throw e;
    }
  }

  /** Runs a script, retrying while Redis is away. */
  <T> Mono<T> eval(String script, ScriptOutputType type, List<String> keys, List<String> args) {
    String[] k = keys.toArray(String[]::new);
    String[] a = args.toArray(String[]::new);
    return call(() -> redis.<T>eval(script, type, k, a).next());
  }

  /** Runs a command, retrying while Redis is away. */
  <T> Mono<T> call(Supplier<Mono<T>> command) {
    return Mono.defer(command).retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(50))
        .maxBackoff(Duration.ofSeconds(1))
        .filter(Connection::unreachable));
  }

  /** Whether {@code e} says Redis could not be reached (as opposed to a wrong command). */
  static boolean unreachable(Throwable e) {
    if (e instanceof RedisLoadingException) {
      return true;
    }
    if (e instanceof RedisCommandExecutionException) {
      String m = String.valueOf(e.getMessage());
      return m.startsWith("LOADING") || m.startsWith("MASTERDOWN") || m.startsWith("TRYAGAIN");
    }
    return e instanceof RedisException || e instanceof java.io.IOException;
  }

  Mono<Void> close() {
    return Mono.fromFuture(connection::closeAsync)
        .then(Mono.fromFuture(client::shutdownAsync))
        .onErrorResume(e -> Mono.empty());
  }
}

package io.s64.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.s64.error.ConfigurationException;
import io.s64.error.TransportException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The connections of one {@link RedisCoordination} to Redis: one for commands and scripts, one
 * with a byte-array codec for Bucket4j, and one subscribed to the key space's notification
 * channels. Commands fail fast while Redis is away (they are rejected, not queued, and time out
 * after {@link #COMMAND_TIMEOUT}): the callers retry with {@link #backoff(int)}, so that nothing
 * waits on a command Redis will never answer, and no token is ever assumed.
 */
final class RedisLink implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisLink.class);
  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

  private final ClientResources resources;
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> commands;
  private final StatefulRedisConnection<String, byte[]> bytes;
  private final StatefulRedisPubSubConnection<String, String> pubSub;
  private final Map<String, Consumer<String>> listeners = new ConcurrentHashMap<>();
  private final KeySpace keys;
  private volatile boolean down;

  RedisLink(String redisUrl, KeySpace keys) {
    RedisURI uri;
    try {
      uri = RedisURI.create(redisUrl);
    } catch (IllegalArgumentException e) {
      // The URL may hold a password: never repeat it.
      throw new ConfigurationException("redis URL must look like redis://[:password@]host[:port]"
          + "[/db] or rediss://… but could not be read");
    }
    this.keys = keys;
    // Reconnect soon after Redis is back (at most a second late), not after Lettuce's 30 s cap.
    this.resources = ClientResources.builder()
        .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2,
            TimeUnit.MILLISECONDS))
        .build();
    this.client = RedisClient.create(resources, uri);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
        .build());
    try {
      this.commands = client.connect();
      this.bytes = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
      this.pubSub = client.connectPubSub();
    } catch (RuntimeException e) {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      resources.shutdown(0, 2, TimeUnit.SECONDS);
      // Named by host and port only: the URL may hold a password, the cause's message too.
      throw new TransportException("could not connect to Redis at " + uri.getHost() + ":"
          + uri.getPort() + " (" + e.getClass().getSimpleName() + ")", false, null);
    }
    pubSub.addListener(new RedisPubSubAdapter<>() {
      @Override
      public void message(String channel, String message) {
        Consumer<String> listener = listeners.get(channel);
        if (listener != null) {
          listener.accept(message);
        }
      }
    });
  }

  KeySpace keys() {
    return keys;
  }

  StatefulRedisConnection<String, byte[]> bytes() {
    return bytes;
  }

  StatefulRedisConnection<String, String> commands() {
    return commands;
  }

  /** Calls {@code listener} with each message on {@code channel} (resubscribed on reconnect). */
  void subscribe(String channel, Consumer<String> listener) {
    listeners.put(channel, listener);
    pubSub.sync().subscribe(channel);
  }

  /** Runs a Lua script; the result's type is what the script returns (a list: {@code List<Object>}). */
  <T> Mono<T> eval(String script, ScriptOutputType type, List<String> keyNames, String... args) {
    return Mono.<T>fromCompletionStage(() -> commands.async().<T>eval(script, type,
            keyNames.toArray(String[]::new), args))
        .doOnNext(ok -> reachable())
        .doOnError(this::unreachable);
  }

  /** Redis answered: it is reachable (again). */
  void reachable() {
    if (down) {
      down = false;
      log.info("Redis answers again; requests go on");
    }
  }

  /** A command failed: Redis may be away. Logged once per outage, without the URL. */
  void unreachable(Throwable e) {
    if (!down) {
      down = true;
      log.warn("Redis does not answer ({}); no request is sent until it does",
          e.getClass().getSimpleName());
    }
  }

  /** Whether the last command failed. */
  boolean down() {
    return down;
  }

  /** The wait before retry {@code attempt} (0-based): exponential from 50 ms, capped, full jitter. */
  static Duration backoff(int attempt) {
    long cap = Math.min(MAX_BACKOFF.toMillis(), 50L << Math.min(attempt, 10));
    return Duration.ofMillis(Math.max(10, ThreadLocalRandom.current().nextLong(cap + 1)));
  }

  @Override
  public void close() {
    pubSub.close();
    bytes.close();
    commands.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }
}

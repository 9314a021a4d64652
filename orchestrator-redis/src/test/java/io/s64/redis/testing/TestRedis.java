package io.s64.redis.testing;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The Redis the tests of one JVM share: the one at {@code S64_REDIS_URL} when that is set (CI with
 * a Redis service, or a developer's own), otherwise a {@code redis-server} this class starts once
 * from the embedded-redis jar on a free port and stops when the JVM exits.
 *
 * <p>Tests never flush a shared Redis: each one names its keys after an API key of its own
 * ({@link #freshApiKey()}), and every s64 key is named by a digest of the API key, so tests cannot
 * see each other's state. A test that must take Redis away starts a {@link RedisServerProcess} of
 * its own.
 */
public final class TestRedis {
  private static @Nullable String url;

  private TestRedis() {}

  /** The URL of the shared Redis, starting it on first use. */
  public static synchronized String url() {
    if (url == null) {
      String configured = System.getenv("S64_REDIS_URL");
      if (configured != null && !configured.isBlank()) {
        url = configured;
      } else {
        RedisServerProcess server = RedisServerProcess.launch();
        Runtime.getRuntime().addShutdownHook(new Thread(server::kill, "redis-server-stop"));
        url = server.url();
      }
    }
    return url;
  }

  /** Whether the tests run against a Redis given from outside ({@code S64_REDIS_URL}). */
  public static boolean external() {
    String configured = System.getenv("S64_REDIS_URL");
    return configured != null && !configured.isBlank();
  }

  /** An API key no other test uses, so the keys it names in Redis are this test's alone. */
  public static String freshApiKey() {
    return "sk-test-" + UUID.randomUUID();
  }
}

package io.s64.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.s64.redis.testing.RedisServerProcess;
import io.s64.redis.testing.TestRedis;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TestRedisHarnessTest {

  @Test
  void sharedRedisAnswers() {
    RedisClient client = RedisClient.create(TestRedis.url());
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      String key = KeySpace.of(TestRedis.freshApiKey(), "").key("probe");
      c.sync().set(key, "1");
      assertEquals("1", c.sync().get(key));
      c.sync().del(key);
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  @Test
  void privateServerStopsAndStartsAgainOnItsPort() throws Exception {
    try (RedisServerProcess server = RedisServerProcess.launch("--requirepass", "pw")) {
      String url = "redis://:pw@127.0.0.1:" + server.port();
      RedisClient client = RedisClient.create(url);
      try {
        try (StatefulRedisConnection<String, String> c = client.connect()) {
          assertEquals("PONG", c.sync().ping());
        }
        server.stop();
        assertThrows(RedisConnectionException.class, client::connect);
        server.start();
        try (StatefulRedisConnection<String, String> c = client.connect()) {
          assertEquals("PONG", c.sync().ping());
        }
      } finally {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
    }
  }
}

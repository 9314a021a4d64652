package io.s64.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.s64.error.ConfigurationException;
import io.s64.error.TransportException;
import io.s64.limits.SearchSlots;
import io.s64.redis.testing.RedisServerProcess;
import io.s64.redis.testing.TestRedis;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisUrlTest {

  @Test
  void aPasswordInTheUrlIsUsedAndAWrongOneIsNeverRepeated() {
    try (RedisServerProcess redis = RedisServerProcess.launch("--requirepass", "s3cret-pw")) {
      String apiKey = TestRedis.freshApiKey();
      try (RedisCoordination c = RedisCoordination.connect(
          "redis://:s3cret-pw@127.0.0.1:" + redis.port() + "/2", apiKey)) {
        SearchSlots.Slot slot = c.slots().acquire().block(Duration.ofSeconds(5));
        slot.release();
        assertEquals(5, c.slots().capacity());
      }
      TransportException wrong = assertThrows(TransportException.class, () -> RedisCoordination
          .connect("redis://:wrong-pw@127.0.0.1:" + redis.port(), apiKey));
      assertFalse(wrong.getMessage().contains("wrong-pw"), wrong.getMessage());
      assertFalse(String.valueOf(wrong.getCause()).contains("wrong-pw"));
    }
  }

  @Test
  void onlyRedisAndRedissUrlsAreTaken() {
    assertThrows(ConfigurationException.class,
        () -> RedisCoordination.connect("http://127.0.0.1:6379", TestRedis.freshApiKey()));
    assertThrows(ConfigurationException.class,
        () -> RedisCoordination.builder("redis://127.0.0.1:6379", " "));
  }
}

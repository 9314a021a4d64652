package io.s64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.error.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The client's settings are checked where they enter, with messages naming them. */
class SixtyfourBuilderTest {
  private static final String KEY = "sk_live_0123456789";

  @Test
  void refusesPlainHttpToAnotherHostUnlessAllowed() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> Sixtyfour.builder().apiKey(KEY).baseUrl("http://api.example.com").build());
    assertEquals("baseUrl must use https for host 'api.example.com' (plain http would send the API key"
        + " in clear text); allowInsecureHttp(true) overrides", e.getMessage());
    Sixtyfour allowed = Sixtyfour.builder().apiKey(KEY).baseUrl("http://api.example.com")
        .allowInsecureHttp(true).build();
    assertTrue(allowed.toString().startsWith("Sixtyfour[http://api.example.com, "), allowed.toString());
    allowed.close().block(Duration.ofSeconds(5));
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:8064", "http://localhost:8064", "http://[::1]:8064",
      "http://127.10.0.1", "https://api.sixtyfour.ai"})
  void acceptsHttpsAndLoopbackHttp(String url) {
    Sixtyfour api = Sixtyfour.builder().apiKey(KEY).baseUrl(url).build();
    assertTrue(api.toString().startsWith("Sixtyfour[" + url + ", "), "built for " + url + ": " + api);
    api.close().block(Duration.ofSeconds(5));
  }

  @Test
  void refusesCredentialsInTheUrlWithoutEchoingThem() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> Sixtyfour.builder().apiKey(KEY).baseUrl("https://user:hunter2@api.sixtyfour.ai"));
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }

  @Test
  void refusesAMissingOrMangledKeyWithoutEchoingIt() {
    assertEquals("apiKey must be set (for example from SIXTYFOUR_API_KEY)",
        assertThrows(ConfigurationException.class, () -> Sixtyfour.builder().build()).getMessage());
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> Sixtyfour.builder().apiKey(KEY + "\n"));
    assertFalse(e.getMessage().contains(KEY), e.getMessage());
  }

  @Test
  void refusesNonsenseLimitsNamingThem() {
    assertEquals("rateLimit must be at least 1 but was 0", assertThrows(ConfigurationException.class,
        () -> Sixtyfour.builder().rateLimit(0, Duration.ofSeconds(1))).getMessage());
    assertEquals("slots must be at least 1 but was 0",
        assertThrows(ConfigurationException.class, () -> Sixtyfour.builder().slots(0)).getMessage());
  }
}

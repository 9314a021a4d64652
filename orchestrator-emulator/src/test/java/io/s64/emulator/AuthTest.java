package io.s64.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.jspecify.annotations.Nullable;

class AuthTest {
  private @Nullable Fixture fx;

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  @ParameterizedTest(name = "key [{0}]")
  @NullSource
  @ValueSource(strings = {"", "   ", "sk-unknown"})
  void aMissingEmptyOrUnknownKeyIsRejectedWith401AndNoRateHeaders(String key) {
    fx = Fixture.start(b -> b.apiKeys(List.of("sk-good")));
    Api.Reply reply = fx.api.withKey(key).post("/search/start-deep-search", "{\"query\":\"cto\"}");
    assertEquals(401, reply.status());
    assertEquals("Invalid API key", reply.detail());
    assertEquals("application/json", reply.header("content-type"));
    assertNull(reply.header("X-RateLimit-Remaining"));
    assertEquals(1, fx.emulator.stats().unauthorized());
    assertEquals(List.of(), fx.emulator.searches());
  }

  @Test
  void withConfiguredKeysOnlyThoseAreAcceptedAndAllShareTheOrganization() {
    fx = Fixture.start(b -> b.apiKeys(List.of("sk-a", "sk-b")).slots(1));
    assertEquals(200, fx.api.withKey("sk-a").post("/search/start-deep-search",
        "{\"query\":\"one\"}").status());
    Api.Reply second =
        fx.api.withKey("sk-b").post("/search/start-deep-search", "{\"query\":\"two\"}");
    assertEquals(429, second.status(), "the slot is held by the other key of the organization");
    assertEquals(401, fx.api.withKey("test-key").get("/search/status/x").status());
  }

  @Test
  void withoutConfiguredKeysAnyNonEmptyKeyIsAccepted() {
    fx = Fixture.start();
    assertEquals(404, fx.api.withKey("anything-at-all").get("/search/status/nope").status());
    assertEquals(0, fx.emulator.stats().unauthorized());
  }
}

package io.s64.emulator.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.s64.emulator.Hooks;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {
  private static final byte[] BODY =
      ("{\"task_id\":\"t-1\",\"status\":\"failed\",\"task_type\":\"lead_enrichment\","
          + "\"error\":\"boom\"}").getBytes(StandardCharsets.UTF_8);
  /**
   * Computed independently:
   * {@code printf '%s' '1893456060.<BODY>' | openssl dgst -sha256 -hmac '<secret>'}.
   */
  private static final String NEW_V1 =
      "3e8b338f2259d2d61bcc7ab4dcebab9ece6536b83eb00cc6e43d860648d81331";
  private static final String OLD_V1 =
      "346232d16a86b1519084710e951b13161f196d19ea26d4bc672d33c1a12b4f29";

  @Test
  void signsTheTimestampDotRawBodyWithTheSecretsUtf8BytesAsOpensslDoes() {
    assertEquals("t=1893456060,v1=" + NEW_V1,
        new WebhookSigner(Hooks.SECRET, null).header(1893456060L, BODY));
    assertEquals(NEW_V1, Hooks.hmac(Hooks.SECRET, "1893456060", BODY), "the tests' own HMAC");
  }

  @Test
  void aRotationSignsWithTheNewSecretFirstThenTheOldOne() {
    assertEquals("t=1893456060,v1=" + NEW_V1 + ",v1=" + OLD_V1,
        new WebhookSigner(Hooks.SECRET, Hooks.OLD_SECRET).header(1893456060L, BODY));
  }

  @Test
  void withoutASecretThereIsNoHeader() {
    assertNull(new WebhookSigner(null, null).header(1893456060L, BODY));
  }
}

package io.s64.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Test vectors computed independently of this code, with OpenSSL 3.0:
 *
 * <pre>
 * NEW='sk_whsec_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'
 * OLD='sk_whsec_fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210'
 * BODY='{"task_id":"550e8400-e29b-41d4-a716-446655440000","status":"completed","task_type":"find_email","result":{"name":"Zoë Łukasz","email":[["zoe@acme.com","OK"]]}}'
 * printf '%s' "1798761600.$BODY" | openssl dgst -sha256 -hmac "$NEW" -r   # a40692b2...
 * printf '%s' "1798761600.$BODY" | openssl dgst -sha256 -hmac "$OLD" -r   # acc644ce...
 * printf '1798761600.{"note":"\xff\xfe latin-1 \xe9"}' | openssl dgst -sha256 -hmac "$NEW" -r   # 983f6897...
 * </pre>
 */
class WebhookVerifierTest {
  static final String NEW = "sk_whsec_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  static final String OLD = "sk_whsec_fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
  static final byte[] BODY = ("{\"task_id\":\"550e8400-e29b-41d4-a716-446655440000\",\"status\":\"completed\","
      + "\"task_type\":\"find_email\",\"result\":{\"name\":\"Zoë Łukasz\",\"email\":[[\"zoe@acme.com\",\"OK\"]]}}")
      .getBytes(StandardCharsets.UTF_8);
  static final long T = 1798761600L;
  static final String V1_NEW = "a40692b20487c1c4b78fc09c285633ce297500e346431b1a03d003487228057e";
  static final String V1_OLD = "acc644cea0003dc2b332fb216195a946644621145b426c5843d1438a64ee26cf";
  /** Bytes that are not UTF-8 (0xFF, 0xFE, a Latin-1 é): a signer that decoded them would differ. */
  static final byte[] RAW = {'{', '"', 'n', 'o', 't', 'e', '"', ':', '"', (byte) 0xff, (byte) 0xfe, ' ', 'l',
      'a', 't', 'i', 'n', '-', '1', ' ', (byte) 0xe9, '"', '}'};
  static final String V1_RAW = "983f68974d5fb79e3d040d779fc6e85d9638c2a9ba0a0a56646e0462c3cda7ba";

  private static WebhookVerifier at(long now, String secret, String... previous) {
    return WebhookVerifier.of(secret, previous).withClock(InstantSource.fixed(Instant.ofEpochSecond(now)));
  }

  @Test
  void signsExactlyAsOpenSslDoes() {
    assertEquals(V1_NEW, WebhookVerifier.sign(NEW, T, BODY));
    assertEquals(V1_OLD, WebhookVerifier.sign(OLD, T, BODY));
    assertEquals(V1_RAW, WebhookVerifier.sign(NEW, T, RAW), "the message is t, a dot and the raw bytes");
    assertTrue(at(T, NEW).verify("t=" + T + ",v1=" + V1_RAW, RAW).valid(), "verified over the raw bytes too");
  }

  @Test
  void acceptsAValidDelivery() {
    WebhookVerifier.Verification v = at(T + 10, NEW).verify("t=" + T + ",v1=" + V1_NEW, BODY);
    assertTrue(v.valid(), v.reason());
    assertEquals(T, v.timestamp());
  }

  @Test
  void acceptsARotationWhicheverSecretTheReceiverStillHas() {
    String header = "t=" + T + ",v1=" + V1_NEW + ",v1=" + V1_OLD;
    assertTrue(at(T, NEW).verify(header, BODY).valid(), "receiver already on the new secret");
    assertTrue(at(T, OLD).verify(header, BODY).valid(), "receiver still on the old secret: tries every v1");
    assertTrue(at(T, NEW, OLD).verify("t=" + T + ",v1=" + V1_OLD, BODY).valid(), "old signature, both secrets");
  }

  @Test
  void rejectsATamperedBody() {
    byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace("OK", "KO").getBytes(StandardCharsets.UTF_8);
    WebhookVerifier.Verification v = at(T, NEW).verify("t=" + T + ",v1=" + V1_NEW, tampered);
    assertFalse(v.valid());
    assertEquals("no v1 signature matches (1 given, 1 secret tried)", v.reason());
  }

  @Test
  void rejectsReSerializedJson() {
    byte[] reformatted = new String(BODY, StandardCharsets.UTF_8).replace(",", ", ").getBytes(StandardCharsets.UTF_8);
    assertFalse(at(T, NEW).verify("t=" + T + ",v1=" + V1_NEW, reformatted).valid());
  }

  @Test
  void rejectsTheWrongSecret() {
    assertFalse(at(T, "sk_whsec_not_the_secret").verify("t=" + T + ",v1=" + V1_NEW, BODY).valid());
  }

  @ParameterizedTest(name = "now = t {0} s")
  @CsvSource({
    "301, 'timestamp 1798761600 is 301 s in the past (tolerance 300 s)'",
    "-301, 'timestamp 1798761600 is 301 s in the future (tolerance 300 s)'",
  })
  void rejectsStaleAndFutureTimestamps(long offset, String reason) {
    WebhookVerifier.Verification v = at(T + offset, NEW).verify("t=" + T + ",v1=" + V1_NEW, BODY);
    assertFalse(v.valid());
    assertEquals(reason, v.reason());
    assertTrue(at(T + 300, NEW).verify("t=" + T + ",v1=" + V1_NEW, BODY).valid(), "300 s is still fine");
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(delimiter = '|', value = {
    "''|missing Sixtyfour-Signature header",
    "v1=abc|malformed Sixtyfour-Signature: no t= timestamp",
    "t=soon,v1=" + V1_NEW + "|malformed Sixtyfour-Signature: t='soon' is not Unix seconds",
    "t=1798761600|malformed Sixtyfour-Signature: no v1= signature",
    "t=1798761600;v1=x|malformed Sixtyfour-Signature: t='1798761600;v1=x' is not Unix seconds",
    "t=1798761600,junk|malformed Sixtyfour-Signature: segment 'junk' is not key=value",
    "t=1798761600,t=1798761600,v1=" + V1_NEW + "|malformed Sixtyfour-Signature: more than one t",
    "t=1798761600,v1=nothex|no v1 signature matches (1 given, 1 secret tried)",
  })
  void rejectsMalformedAndMissingHeadersWithAReason(String header, String reason) {
    WebhookVerifier.Verification v = at(T, NEW).verify(header, BODY);
    assertFalse(v.valid());
    assertEquals(reason, v.reason());
  }

  @Test
  void anAbsentHeaderIsRejected() {
    assertEquals("missing Sixtyfour-Signature header", at(T, NEW).verify(null, BODY).reason());
  }
}

package io.s64.webhook;

import io.s64.error.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Checks the {@code Sixtyfour-Signature} of a webhook delivery:
 * {@code t=<unix seconds>,v1=<hex>[,v1=<hex>...]} where each {@code v1} is the lowercase hex
 * HMAC-SHA256, keyed with a signing secret's UTF-8 bytes, of {@code "<t>.<raw body>"}.
 *
 * <pre>{@code
 * WebhookVerifier verifier = WebhookVerifier.of(System.getenv("SIXTYFOUR_WEBHOOK_SECRET"));
 * WebhookVerifier.Verification v = verifier.verify(request.header("Sixtyfour-Signature"), rawBody);
 * if (!v.valid()) respond(401, v.reason());
 * }</pre>
 *
 * <p>Verify the raw bytes as received, never re-serialized JSON. During a secret rotation the
 * sender signs with the new and the old secret (two {@code v1} segments, new first): every segment
 * is tried against every secret given here, and one match is enough. Comparison is constant-time.
 * A timestamp further than the tolerance (300 s by default) from now, in either direction, is
 * rejected, which stops replays of old deliveries. Immutable and thread-safe.
 */
public final class WebhookVerifier {
  /** The documented tolerance. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);

  private final List<byte[]> secrets;
  private final Duration tolerance;
  private final InstantSource clock;

  private WebhookVerifier(List<byte[]> secrets, Duration tolerance, InstantSource clock) {
    this.secrets = secrets;
    this.tolerance = tolerance;
    this.clock = clock;
  }

  /**
   * A verifier for the current secret and, during a rotation, the previous ones.
   *
   * @throws ConfigurationException when a secret is blank
   */
  public static WebhookVerifier of(String secret, String... previous) {
    List<byte[]> keys = new ArrayList<>();
    keys.add(key(secret, "secret"));
    for (String p : previous) {
      if (p != null && !p.isEmpty()) {
        keys.add(key(p, "previous secret"));
      }
    }
    return new WebhookVerifier(List.copyOf(keys), DEFAULT_TOLERANCE, InstantSource.system());
  }

  private static byte[] key(@Nullable String secret, String what) {
    if (secret == null || secret.isBlank()) {
      throw new ConfigurationException(what + " must not be blank");
    }
    return secret.getBytes(StandardCharsets.UTF_8);
  }

  /** The same verifier with another timestamp tolerance. */
  public WebhookVerifier withTolerance(Duration d) {
    if (d.isNegative()) {
      throw new ConfigurationException("tolerance must not be negative but was " + d);
    }
    return new WebhookVerifier(secrets, d, clock);
  }

  /** The same verifier reading "now" from {@code source}; for tests. */
  public WebhookVerifier withClock(InstantSource source) {
    return new WebhookVerifier(secrets, tolerance, Objects.requireNonNull(source, "clock"));
  }

  /**
   * Verifies one delivery.
   *
   * @param signatureHeader the {@code Sixtyfour-Signature} header, or null when absent
   * @param rawBody the request body exactly as received
   */
  public Verification verify(@Nullable String signatureHeader, byte[] rawBody) {
    if (signatureHeader == null || signatureHeader.isBlank()) {
      return Verification.rejected("missing Sixtyfour-Signature header");
    }
    String t = null;
    List<String> v1 = new ArrayList<>(2);
    for (String part : signatureHeader.split(",")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        return Verification.rejected("malformed Sixtyfour-Signature: segment '" + part.trim()
            + "' is not key=value");
      }
      String name = part.substring(0, eq).trim();
      String value = part.substring(eq + 1).trim();
      if (name.equals("t")) {
        if (t != null) {
          return Verification.rejected("malformed Sixtyfour-Signature: more than one t");
        }
        t = value;
      } else if (name.equals("v1")) {
        v1.add(value);
      }
    }
    if (t == null) {
      return Verification.rejected("malformed Sixtyfour-Signature: no t= timestamp");
    }
    long timestamp;
    try {
      timestamp = Long.parseLong(t);
    } catch (NumberFormatException e) {
      return Verification.rejected("malformed Sixtyfour-Signature: t='" + t + "' is not Unix seconds");
    }
    if (v1.isEmpty()) {
      return Verification.rejected("malformed Sixtyfour-Signature: no v1= signature");
    }
    long skew = clock.instant().getEpochSecond() - timestamp;
    if (Math.abs(skew) > tolerance.getSeconds()) {
      return Verification.rejected("timestamp " + timestamp + " is " + Math.abs(skew) + " s in the "
          + (skew > 0 ? "past" : "future") + " (tolerance " + tolerance.getSeconds() + " s)");
    }
    byte[] signed = signedBytes(t, rawBody);
    for (byte[] secret : secrets) {
      byte[] expected = hmac(secret, signed);
      for (String candidate : v1) {
        byte[] given = hex(candidate);
        if (given != null && MessageDigest.isEqual(expected, given)) {
          return Verification.accepted(timestamp);
        }
      }
    }
    return Verification.rejected("no v1 signature matches (" + v1.size() + " given, "
        + secrets.size() + (secrets.size() == 1 ? " secret" : " secrets") + " tried)");
  }

  /** The signature a sender computes: lowercase hex HMAC-SHA256 of {@code "<t>.<body>"}. */
  public static String sign(String secret, long timestamp, byte[] rawBody) {
    return HexFormat.of().formatHex(hmac(key(secret, "secret"),
        signedBytes(Long.toString(timestamp), rawBody)));
  }

  private static byte[] signedBytes(String t, byte[] body) {
    byte[] prefix = (t + ".").getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(body, 0, out, prefix.length, body.length);
    return out;
  }

  private static byte[] hmac(byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is required by the Java platform", e);
    }
  }

  private static byte @Nullable [] hex(String s) {
    if (s.length() != 64) {
      return null;
    }
    try {
      return HexFormat.of().parseHex(s.toLowerCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "WebhookVerifier[" + secrets.size() + " secret(s), tolerance " + tolerance + "]";
  }

  /**
   * The verdict on one delivery.
   *
   * @param valid whether the delivery is authentic and fresh
   * @param reason why it was rejected, or "ok"
   * @param timestamp the signed timestamp of a valid delivery, else null
   */
  public record Verification(boolean valid, String reason, @Nullable Long timestamp) {
    static Verification accepted(long t) {
      return new Verification(true, "ok", t);
    }

    static Verification rejected(String reason) {
      return new Verification(false, reason, null);
    }
  }
}

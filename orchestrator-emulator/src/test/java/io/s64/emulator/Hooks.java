package io.s64.emulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** Helpers of the webhook tests: an independent signature and polling without sleeping. */
public final class Hooks {
  public static final String SECRET =
      "sk_whsec_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  public static final String OLD_SECRET = "old-secret-ü";

  private Hooks() {}

  /** Lowercase hex HMAC-SHA256 of {@code "<t>." + body}, keyed with the secret's UTF-8 bytes. */
  public static String hmac(String secret, String t, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Polls {@code probe} every 20 ms until {@code done} holds (at most 10 s) and returns it. */
  static <T> T await(Supplier<T> probe, Predicate<T> done) {
    AtomicReference<T> seen = new AtomicReference<>();
    StepVerifier.create(Flux.interval(Duration.ZERO, Duration.ofMillis(20))
            .map(tick -> probe.get())
            .filter(done)
            .next())
        .consumeNextWith(seen::set)
        .expectComplete()
        .verify(Duration.ofSeconds(10));
    return seen.get();
  }

  /** Asserts that {@code probe} does not satisfy {@code happened} for {@code quiet} real time. */
  static <T> void assertQuiet(Supplier<T> probe, Predicate<T> happened, Duration quiet) {
    StepVerifier.create(Flux.interval(Duration.ZERO, Duration.ofMillis(20))
            .map(tick -> probe.get())
            .filter(happened)
            .next())
        .expectSubscription()
        .expectNoEvent(quiet)
        .thenCancel()
        .verify(quiet.plusSeconds(5));
  }
}

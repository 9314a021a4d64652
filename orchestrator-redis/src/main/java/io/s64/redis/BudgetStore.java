package io.s64.redis;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The request budget of one key in Redis: the Bucket4j bucket (its compare-and-swap Lettuce back
 * end) and the {@link BudgetScripts} for the server-window mirror, the requests in flight and the
 * pause. It holds no state of its own; {@link SharedRequestBudget} decides when to call.
 */
final class BudgetStore {
  /** How long a request granted and never reported counts as in flight: the response timeout. */
  private static final Duration IN_FLIGHT_COUNTS = Duration.ofSeconds(60);

  /** A token taken from the bucket, or how long until one could be. */
  record Token(boolean taken, long remaining, long waitMillis) {}

  /** What the pause and the window mirror said: go ({@code waitMillis} 0) or wait. */
  record Admission(long waitMillis, long pausedUntil) {}

  /** What Redis holds for the budget. */
  record Snapshot(long tokens, @Nullable Long windowAllowance, @Nullable Instant windowEnd,
      long inFlight, @Nullable Instant pausedUntil) {}

  private static final String SNAPSHOT = ""
      + "local w = redis.call('HMGET', KEYS[2], 'allowance', 'end')\n"
      + "return {redis.call('GET', KEYS[1]) or '0', w[1] or '-1', w[2] or '0',"
      + " redis.call('ZCARD', KEYS[3])}\n";

  private final RedisLink link;
  private final AsyncBucketProxy bucket;
  private final List<String> keys;
  private final String channel;
  private final String grantPrefix = Long.toHexString(ThreadLocalRandom.current().nextLong()) + ":";
  private final AtomicLong grants = new AtomicLong();

  BudgetStore(RedisLink link, int limit, Duration window) {
    KeySpace ks = link.keys();
    this.link = link;
    this.keys = List.of(ks.key("budget:pause"), ks.key("budget:window"), ks.key("budget:inflight"));
    this.channel = ks.key("budget:paused");
    BucketConfiguration config = BucketConfiguration.builder()
        .addLimit(Bandwidth.builder().capacity(limit).refillGreedy(limit, window).build())
        .build();
    this.bucket = Bucket4jLettuce.casBasedBuilder(link.bytes())
        .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(window))
        .build()
        .asAsync()
        .builder()
        .build(ks.key("budget:bucket"), () -> CompletableFuture.completedFuture(config));
  }

  /** The channel on which every growth of the pause is announced (epoch millis). */
  String channel() {
    return channel;
  }

  /** A new id for a grant, unique across processes. */
  String newGrantId() {
    return grantPrefix + grants.incrementAndGet();
  }

  /** Takes one token from the bucket if it has one. */
  Mono<Token> take() {
    return Mono.fromCompletionStage(() -> bucket.tryConsumeAndReturnRemaining(1))
        .map(probe -> new Token(probe.isConsumed(), probe.getRemainingTokens(),
            Math.max(1, TimeUnit.NANOSECONDS.toMillis(probe.getNanosToWaitForRefill() + 999_999))));
  }

  /** Puts one token back. */
  Mono<Void> giveBack() {
    return Mono.fromCompletionStage(() -> bucket.addTokens(1));
  }

  /** Checks the pause and the window; when they allow it, counts {@code grantId} as in flight. */
  Mono<Admission> admit(String grantId) {
    return link.<List<Object>>eval(BudgetScripts.ADMIT, ScriptOutputType.MULTI, keys, grantId,
            Long.toString(IN_FLIGHT_COUNTS.toMillis()))
        .map(reply -> new Admission((Long) reply.get(0), (Long) reply.get(1)));
  }

  /**
   * The answer to {@code grantId}: the server's headers (each may be null) and the pause it calls
   * for (epoch millis, 0 for none).
   */
  Mono<Void> report(String grantId, @Nullable Long limit, @Nullable Long remaining,
      @Nullable Long resetMillis, long pauseUntil) {
    return link.<Long>eval(BudgetScripts.REPORT, ScriptOutputType.INTEGER, keys, grantId,
        text(limit), text(remaining), text(resetMillis), Long.toString(pauseUntil), channel).then();
  }

  /** A grant that was never sent, or whose answer never came. */
  Mono<Void> forget(String grantId) {
    return link.<Long>eval(BudgetScripts.FORGET, ScriptOutputType.INTEGER, keys, grantId).then();
  }

  Mono<Snapshot> snapshot() {
    Mono<List<Object>> shared = link.eval(SNAPSHOT, ScriptOutputType.MULTI, keys);
    return Mono.zip(Mono.fromCompletionStage(() -> bucket.getAvailableTokens()), shared)
        .map(t -> {
          List<Object> r = t.getT2();
          long pause = Long.parseLong((String) r.get(0));
          long allowance = Long.parseLong((String) r.get(1));
          long end = Long.parseLong((String) r.get(2));
          return new Snapshot(t.getT1(), allowance < 0 ? null : allowance,
              end == 0 ? null : Instant.ofEpochMilli(end), (Long) r.get(3),
              pause > System.currentTimeMillis() ? Instant.ofEpochMilli(pause) : null);
        });
  }

  private static String text(@Nullable Long value) {
    return value == null ? "" : Long.toString(value);
  }
}

package io.s64.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.s64.batch.Batch;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * A {@link Batch.Registry} in Redis. An export is a key {@code export:<search id>} holding {@code
 * task|running} (kept 6 hours) or {@code task|done} (kept 15 minutes, the life of a download
 * link); a claimed search is a key {@code search:<digest of the request>} holding its search id
 * (kept a day; deleted when the search fails). The request's text never reaches Redis, only its
 * SHA-256.
 */
final class SharedRunRegistry implements Batch.Registry {
  static final Duration REMEMBER_RUNNING = Duration.ofHours(6);
  static final Duration REUSE_COMPLETED = Duration.ofMinutes(15);
  static final Duration REMEMBER_SEARCH = Duration.ofDays(1);

  /** ARGV: task, reusable (1/0), ttl ms. Ends the export if it is still this task's. */
  private static final String ENDED = ""
      + "local v = redis.call('GET', KEYS[1])\n"
      + "if not v or string.match(v, '^(.*)|') ~= ARGV[1] then return 0 end\n"
      + "if ARGV[2] == '1' then\n"
      + "  if string.sub(v, -5) ~= '|done' then\n"
      + "    redis.call('SET', KEYS[1], ARGV[1] .. '|done', 'PX', tonumber(ARGV[3]))\n"
      + "  end\n"
      + "else\n"
      + "  redis.call('DEL', KEYS[1])\n"
      + "end\n"
      + "return 1\n";

  /** ARGV: search id, ttl ms. The id already claimed, or this one, claimed now. */
  private static final String CLAIM = ""
      + "local v = redis.call('GET', KEYS[1])\n"
      + "if v then return v end\n"
      + "redis.call('SET', KEYS[1], ARGV[1], 'PX', tonumber(ARGV[2]))\n"
      + "return ARGV[1]\n";

  /** ARGV: search id. Forgets the claim if it is still this search's. */
  private static final String UNCLAIM = ""
      + "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) return 1 end\n"
      + "return 0\n";

  private final RedisLink link;

  SharedRunRegistry(RedisLink link) {
    this.link = link;
  }

  private String exportKey(String searchId) {
    return link.keys().key("export:" + searchId);
  }

  private String searchKey(String requestKey) {
    return link.keys().key("search:" + sha256(requestKey));
  }

  @Override
  public Mono<String> exportTask(String searchId) {
    return Mono.fromCompletionStage(() -> link.commands().async().get(exportKey(searchId)))
        .map(v -> v.substring(0, v.lastIndexOf('|')));
  }

  @Override
  public Mono<Void> exportStarted(String searchId, String taskId) {
    return Mono.fromCompletionStage(() -> link.commands().async().set(exportKey(searchId),
        taskId + "|running", SetArgs.Builder.px(REMEMBER_RUNNING.toMillis()))).then();
  }

  @Override
  public Mono<Void> exportEnded(String searchId, String taskId, boolean reusable) {
    return link.<Long>eval(ENDED, ScriptOutputType.INTEGER, List.of(exportKey(searchId)),
        taskId, reusable ? "1" : "0", Long.toString(REUSE_COMPLETED.toMillis())).then();
  }

  @Override
  public Mono<String> searchFor(String requestKey, String searchId) {
    return link.eval(CLAIM, ScriptOutputType.VALUE, List.of(searchKey(requestKey)),
        searchId, Long.toString(REMEMBER_SEARCH.toMillis()));
  }

  @Override
  public Mono<Void> searchFailed(String requestKey, String searchId) {
    return link.<Long>eval(UNCLAIM, ScriptOutputType.INTEGER, List.of(searchKey(requestKey)),
        searchId).then();
  }

  private static String sha256(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}

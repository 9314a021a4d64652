package io.s64.redis.queue;

import io.lettuce.core.Range;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * A named work queue in Redis, shared by the processes that submit jobs to it, run them and collect
 * their results. Create one per process and queue; it owns one Redis connection. Every method
 * returns a {@code Mono} and blocks nothing; a command that finds Redis away is sent again, with
 * backoff, until Redis answers.
 *
 * <pre>{@code
 * JobQueue queue = JobQueue.connect("redis://localhost:6379", "leads");
 * queue.submit("lead-1", "{\"id\":\"lead-1\",\"query\":\"CTOs in Berlin\"}").block();
 * }</pre>
 *
 * <p>Jobs are opaque text to the queue (the {@code s64} command line stores each as the JSON line
 * it would read from an input file). A job id is taken once per queue: submitting it again with the
 * same job does nothing ({@link Submission#REPEATED}), with another job is refused ({@link
 * Submission#CONFLICT}). Nothing the queue stores contains an API key.
 */
public final class JobQueue {
  private final Connection connection;
  private final QueueKeys keys;

  private JobQueue(Connection connection, QueueKeys keys) {
    this.connection = connection;
    this.keys = keys;
  }

  /**
   * Connects to the queue {@code name} at {@code redisUrl}, creating its stream and consumer group
   * when they do not exist yet.
   *
   * @throws IllegalArgumentException when the URL or the name is not usable
   */
  public static Mono<JobQueue> connect(String redisUrl, String name) {
    Objects.requireNonNull(redisUrl, "redisUrl");
    QueueKeys keys = QueueKeys.of(name);
    return Mono.fromCallable(() -> Connection.open(redisUrl))
        .retryWhen(reactor.util.retry.Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100))
            .maxBackoff(Duration.ofSeconds(2)).filter(Connection::unreachable))
        .flatMap(c -> {
          JobQueue q = new JobQueue(c, keys);
          return q.createGroup().thenReturn(q);
        });
  }

  private Mono<Void> createGroup() {
    return connection.call(() -> connection.redis.xgroupCreate(
            XReadArgs.StreamOffset.from(keys.jobs(), "0"), QueueKeys.GROUP,
            XGroupCreateArgs.Builder.mkstream()))
        .onErrorResume(e -> e instanceof RedisBusyException
            || e instanceof RedisCommandExecutionException && String.valueOf(e.getMessage())
                .startsWith("BUSYGROUP"), e -> Mono.empty())
        .then();
  }

  /** The queue's name. */
  public String name() {
    return keys.name;
  }

  QueueKeys keys() {
    return keys;
  }

  Connection connection() {
    return connection;
  }

  /** What became of a submitted job. */
  public enum Submission {
    /** It was added. */
    ADDED,
    /** A job with its id and the same content was submitted before; nothing changed. */
    REPEATED,
    /** A job with its id but other content was submitted before; this one was not added. */
    CONFLICT
  }

  /** Adds a job with id {@code jobId}. */
  public Mono<Submission> submit(String jobId, String job) {
    return connection.<Long>eval(Scripts.SUBMIT, ScriptOutputType.INTEGER,
            List.of(keys.ids(), keys.jobs(), keys.counts()), List.of(jobId, digest(job), job))
        .map(JobQueue::submission);
  }

  /**
   * Records a job that has its outcome already, without running it (an input line that is not a
   * valid job): {@code outcomeLine} goes to the outcomes as it is.
   *
   * @param what what the input said, to recognise the same line submitted again
   * @param status the outcome's status as written in files ({@code invalid})
   */
  public Mono<Submission> settled(String jobId, String what, String outcomeLine, String status) {
    return connection.<Long>eval(Scripts.REJECT, ScriptOutputType.INTEGER,
            List.of(keys.ids(), keys.done(), keys.outcomes(), keys.counts()),
            List.of(jobId, digest("settled\0" + what), outcomeLine, status))
        .map(JobQueue::submission);
  }

  private static Submission submission(Long result) {
    return result == 1 ? Submission.ADDED : result == 0 ? Submission.REPEATED : Submission.CONFLICT;
  }

  /**
   * Marks a submission as under way ({@code +1}) or over ({@code -1}): while one is under way, the
   * queue is not finished even when every job submitted so far has its outcome.
   */
  public Mono<Void> submitting(int delta) {
    return connection.call(() -> connection.redis.hincrby(keys.counts(), "open", delta)).then();
  }

  /** The counts and workers of the queue; a worker is alive when seen within {@code alive}. */
  public Mono<QueueStatus> status(Duration alive) {
    Mono<Map<String, String>> counts = connection.call(() ->
        connection.redis.hgetall(keys.counts()).collectMap(kv -> kv.getKey(), kv -> kv.getValue()));
    Mono<Long> length = connection.call(() -> connection.redis.xlen(keys.jobs()));
    Mono<Long> pending = connection.call(() -> connection.redis.xpending(keys.jobs(), QueueKeys.GROUP))
        .map(p -> p.getCount());
    Mono<Map<String, Long>> byConsumer = connection.call(() ->
        connection.redis.xpending(keys.jobs(), QueueKeys.GROUP))
        .map(p -> {
          Map<String, Long> m = new LinkedHashMap<>();
          p.getConsumerMessageCount().forEach(m::put);
          return m;
        });
    Mono<Long> now = connection.call(() -> connection.redis.time().collectList())
        .map(t -> Long.parseLong(t.get(0)) * 1000 + Long.parseLong(t.get(1)) / 1000);
    return Mono.zip(counts, length, pending, byConsumer, now).flatMap(t -> {
      long since = t.getT5() - alive.toMillis();
      return connection.call(() -> connection.redis.zrangebyscoreWithScores(keys.workers(),
              Range.create((double) since, Double.POSITIVE_INFINITY)).collectList())
          .map(alivesList -> {
            List<QueueStatus.Worker> workers = new ArrayList<>();
            alivesList.forEach(sv -> workers.add(new QueueStatus.Worker(sv.getValue(),
                Duration.ofMillis(Math.max(0, t.getT5() - (long) sv.getScore())),
                t.getT4().getOrDefault(sv.getValue(), 0L))));
            return QueueStatus.of(t.getT1(), t.getT2(), t.getT3(), workers);
          });
    });
  }

  /**
   * A worker of this queue named {@code consumer} (unique among the queue's workers). A job it
   * holds and has not renewed for {@code claimAfter} is taken over by another worker.
   */
  public QueueWorker worker(String consumer, Duration claimAfter) {
    return new QueueWorker(this, consumer, claimAfter);
  }

  /** The reader of outcomes and rows for the output folder. */
  public QueueCollector collector() {
    return new QueueCollector(this);
  }

  /** Closes the connection. */
  public Mono<Void> close() {
    return connection.close();
  }

  /** A SHA-256 of {@code text}, hex: to recognise the same job submitted again. */
  static String digest(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}

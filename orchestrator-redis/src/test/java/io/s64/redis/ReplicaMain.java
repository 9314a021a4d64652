package io.s64.redis;

import io.s64.Sixtyfour;
import io.s64.batch.Batch;
import io.s64.job.Job;
import io.s64.model.DeepSearchRequest;
import io.s64.poll.PollSchedule;
import io.s64.sink.RowSink;
import java.time.Duration;
import reactor.core.publisher.Flux;

/**
 * A replica in a process of its own, for {@link ThreeReplicaProcessesTest}: runs {@code jobs}
 * deep searches named after the replica on the shared Redis coordination, prints one {@code
 * OUTCOME} line per job (after a line on stdin says go), and stays up afterwards (to adopt) until {@code lingerMillis} have passed.
 *
 * <p>Arguments: redis URL, base URL, replica name, jobs, lease ttl millis, linger millis. The API
 * key comes from the environment ({@code S64_API_KEY}), never from the command line.
 */
public final class ReplicaMain {
  private ReplicaMain() {}

  public static void main(String[] args) {
    // args: see the class comment
    String redisUrl = args[0];
    String baseUrl = args[1];
    String name = args[2];
    int jobs = Integer.parseInt(args[3]);
    Duration ttl = Duration.ofMillis(Long.parseLong(args[4]));
    long linger = Long.parseLong(args[5]);
    String apiKey = System.getenv("S64_API_KEY");
    RedisCoordination redis = RedisCoordination.builder(redisUrl, apiKey).holder(name)
        .rateLimit(100, Duration.ofSeconds(1)).leaseTtl(ttl).adoptPoll(Duration.ofMillis(100))
        .connect();
    Sixtyfour client = redis.client(Sixtyfour.builder().apiKey(apiKey).baseUrl(baseUrl));
    Batch batch = Batch.builder(client)
        .poll(PollSchedule.defaults().withCadence(Duration.ofMillis(100)))
        .slotsBusyBackoff(Duration.ofMillis(100), Duration.ofSeconds(1))
        .registry(redis.registry())
        .build();
    System.out.println("READY " + name);
    try {
      new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
          java.nio.charset.StandardCharsets.UTF_8)).readLine(); // "go"
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    batch.run(Flux.range(0, jobs).map(i -> Job.deep(name + "-" + i,
            DeepSearchRequest.of("replica " + name + " search " + i).withMaxResults(10))),
            RowSink.discarding())
        .doOnNext(o -> System.out.println("OUTCOME " + o.jobId() + " " + o.status()))
        .blockLast(Duration.ofMinutes(2));
    System.out.println("DONE " + name);
    Flux.interval(Duration.ofMillis(linger)).next().block();
    client.close().block(Duration.ofSeconds(5));
    redis.close();
  }
}

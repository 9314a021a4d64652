package io.s64.runner.queue;

import io.s64.redis.queue.JobQueue;
import java.io.PrintStream;
import java.net.URI;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Connecting to a queue from the command line, with messages that never show a password. */
public final class Queues {
  private Queues() {}

  /**
   * The queue; while Redis cannot be reached it keeps trying.
   *
   * @throws IllegalArgumentException (as the Mono's error) for a bad URL or queue name
   */
  public static Mono<JobQueue> connect(String url, String name, PrintStream err) {
    if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
      return Mono.error(new IllegalArgumentException("--redis must be a redis:// or rediss:// URL but"
          + " was '" + shown(url) + "'"));
    }
    return Mono.defer(() -> JobQueue.connect(url, name))
        .subscribeOn(Schedulers.boundedElastic());
  }

  /** The URL without its user information (a password). */
  public static String shown(String url) {
    try {
      URI u = URI.create(url);
      return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
    } catch (RuntimeException e) {
      return "(unreadable URL)";
    }
  }
}

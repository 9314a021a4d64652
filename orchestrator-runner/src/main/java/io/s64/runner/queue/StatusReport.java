package io.s64.runner.queue;

import io.s64.redis.CoordinationStatus;
import io.s64.redis.RedisCoordination;
import io.s64.redis.queue.QueueStatus;
import io.s64.runner.pipeline.ExitCode;
import java.io.PrintStream;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code s64 queue status}: the queue's counts and its workers, as a few lines of text. */
public final class StatusReport {
  private final String redisUrl;
  private final String queueName;
  private final Duration alive;
  private final @Nullable String apiKey;
  private final PrintStream out;
  private final PrintStream err;

  /** @param apiKey the key whose shared slots and budget to show, or null to show none */
  public StatusReport(String redisUrl, String queueName, Duration alive, @Nullable String apiKey,
      PrintStream out, PrintStream err) {
    this.apiKey = apiKey;
    this.redisUrl = redisUrl;
    this.queueName = queueName;
    this.alive = alive;
    this.out = out;
    this.err = err;
  }

  /** Prints the status; emits the exit code. */
  public Mono<Integer> run() {
    return Queues.connect(redisUrl, queueName, err)
        .flatMap(q -> q.status(alive).flatMap(s -> q.close().thenReturn(s)))
        .flatMap(s -> limits().map(l -> {
          out.print(text(s) + l);
          out.flush();
          return ExitCode.OK;
        }))
        .onErrorResume(IllegalArgumentException.class, e -> Mono.fromSupplier(() -> {
          err.println("error: " + e.getMessage());
          return ExitCode.USAGE;
        }));
  }

  /** The key's shared slots and budget, or a line saying how to see them. */
  private Mono<String> limits() {
    String key = apiKey;
    if (key == null) {
      return Mono.just("slots and budget: give the API key (SIXTYFOUR_API_KEY) to see them\n");
    }
    return Mono.fromCallable(() -> RedisCoordination.connect(redisUrl, key))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(c -> c.status().map(StatusReport::limits)
            .doFinally(signal -> c.close()));
  }

  static String limits(CoordinationStatus c) {
    StringBuilder b = new StringBuilder();
    b.append("slots held: ").append(c.leases().size()).append(" of ").append(c.slots()).append('\n');
    for (CoordinationStatus.Lease l : c.leases()) {
      b.append("  ").append(l.holder()).append(": ")
          .append(l.taskId() == null ? "starting" : "task " + l.taskId()).append('\n');
    }
    b.append("budget: ").append(c.tokens()).append(" tokens");
    if (c.windowAllowance() != null) {
      b.append(", the server's window allows ").append(c.windowAllowance()).append(" more until ")
          .append(c.windowEnd());
    }
    b.append(", ").append(c.inFlight()).append(" in flight");
    if (c.pausedUntil() != null) {
      b.append(", paused until ").append(c.pausedUntil());
    }
    return b.append('\n').toString();
  }

  /** The lines printed. */
  String text(QueueStatus s) {
    StringBuilder b = new StringBuilder();
    b.append("queue ").append(queueName).append(": ").append(s.submitted()).append(" submitted | ")
        .append(s.waiting()).append(" waiting | ").append(s.running()).append(" running | ")
        .append(s.done()).append(" done");
    if (!s.byStatus().isEmpty()) {
      b.append(" (");
      String[] sep = {""};
      s.byStatus().forEach((status, n) -> {
        b.append(sep[0]).append(n).append(' ').append(status.replace('_', ' '));
        sep[0] = ", ";
      });
      b.append(')');
    }
    b.append('\n');
    if (s.openSubmissions() > 0) {
      b.append("submissions under way: ").append(s.openSubmissions()).append('\n');
    }
    b.append("requests for finished jobs: ").append(s.requests()).append('\n');
    b.append("workers alive: ").append(s.workers().size()).append('\n');
    for (QueueStatus.Worker w : s.workers()) {
      b.append("  ").append(w.name()).append(": ").append(w.holding()).append(" job")
          .append(w.holding() == 1 ? "" : "s").append(", last heartbeat ")
          .append(w.seenAgo().toMillis()).append(" ms ago\n");
    }
    return b.toString();
  }
}

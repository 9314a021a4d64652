package io.s64.runner.queue;

import io.s64.redis.queue.QueueStatus;
import io.s64.runner.pipeline.ExitCode;
import java.io.PrintStream;
import java.time.Duration;
import reactor.core.publisher.Mono;

/** {@code s64 queue status}: the queue's counts and its workers, as a few lines of text. */
public final class StatusReport {
  private final String redisUrl;
  private final String queueName;
  private final Duration alive;
  private final PrintStream out;
  private final PrintStream err;

  public StatusReport(String redisUrl, String queueName, Duration alive, PrintStream out,
      PrintStream err) {
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
        .map(s -> {
          out.print(text(s));
          out.flush();
          return ExitCode.OK;
        })
        .onErrorResume(IllegalArgumentException.class, e -> Mono.fromSupplier(() -> {
          err.println("error: " + e.getMessage());
          return ExitCode.USAGE;
        }));
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

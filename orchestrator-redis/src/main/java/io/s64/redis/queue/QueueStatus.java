package io.s64.redis.queue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A picture of a queue.
 *
 * @param submitted jobs submitted, invalid ones included
 * @param waiting jobs no worker has taken yet
 * @param running jobs a worker holds
 * @param done jobs with an outcome
 * @param openSubmissions {@code s64 submit} runs under way
 * @param byStatus outcomes by status ({@code completed}, {@code invalid}, ...)
 * @param requests API requests sent for the jobs with an outcome
 * @param workers the workers seen recently, with the jobs each holds
 */
public record QueueStatus(long submitted, long waiting, long running, long done,
    long openSubmissions, Map<String, Long> byStatus, long requests, List<Worker> workers) {

  public QueueStatus {
    byStatus = Map.copyOf(byStatus);
    workers = List.copyOf(workers);
  }

  /**
   * A worker.
   *
   * @param name its consumer name
   * @param seenAgo since its last heartbeat
   * @param holding jobs it holds
   */
  public record Worker(String name, Duration seenAgo, long holding) {}

  /** Whether every submitted job has its outcome and no submission is under way. */
  public boolean finished() {
    return openSubmissions <= 0 && done >= submitted;
  }

  static QueueStatus of(Map<String, String> counts, long length, long pending, List<Worker> workers) {
    Map<String, Long> byStatus = new TreeMap<>();
    counts.forEach((k, v) -> {
      if (k.startsWith("status:")) {
        byStatus.put(k.substring("status:".length()), Long.parseLong(v));
      }
    });
    return new QueueStatus(number(counts, "submitted"), Math.max(0, length - pending), pending,
        number(counts, "done"), number(counts, "open"), byStatus, number(counts, "requests"), workers);
  }

  private static long number(Map<String, String> counts, String name) {
    String v = counts.get(name);
    return v == null ? 0 : Long.parseLong(v);
  }
}

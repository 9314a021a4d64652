package io.s64.sink;

import io.s64.job.Job;

import io.s64.model.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/** A {@link RowSink} that keeps every row in memory, in order per job. */
public final class InMemoryRowSink implements RowSink {
  private final Map<String, List<Row>> rows = new ConcurrentHashMap<>();

  InMemoryRowSink() {}

  @Override
  public Mono<Void> write(Job job, List<Row> batch) {
    return Mono.fromRunnable(() -> {
      List<Row> list = rows.computeIfAbsent(job.id(), id -> new ArrayList<>());
      synchronized (list) {
        list.addAll(batch);
      }
    });
  }

  /** The rows of one job, in the order they were written; empty when none. */
  public List<Row> rows(String jobId) {
    List<Row> list = rows.get(jobId);
    if (list == null) {
      return List.of();
    }
    synchronized (list) {
      return List.copyOf(list);
    }
  }

  /** Rows of all jobs. */
  public long total() {
    return rows.values().stream().mapToLong(l -> {
      synchronized (l) {
        return l.size();
      }
    }).sum();
  }
}

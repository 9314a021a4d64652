package io.s64.sink;

import io.s64.job.Job;

import io.s64.model.Row;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.ArrayList;
import reactor.core.publisher.Mono;

/**
 * Where result rows go. The batch writes a job's rows page by page and waits for each write to
 * complete before fetching the next page, so a slow sink slows paging down instead of piling rows
 * up in memory. Writes for different jobs may arrive concurrently; an implementation must be
 * thread-safe.
 */
public interface RowSink {

  /** Keeps every row in memory, by job id: for tests and small batches. */
  static InMemory inMemory() {
    return new InMemory();
  }

  /**
   * Appends each row as one JSON line to {@code file}: the row's own fields plus {@code
   * "_job_id"}. Every write is flushed before it completes. File I/O runs on {@code
   * Schedulers.boundedElastic()}.
   */
  static RowSink jsonLines(Path file) {
    return new JsonLinesRowSink(file);
  }

  /** Counts nothing, keeps nothing: for benchmarks. */
  static RowSink discarding() {
    return (job, rows) -> Mono.empty();
  }

  /** Takes a job's next rows; completes when they are safely stored. */
  Mono<Void> write(Job job, List<Row> rows);

  /** Flushes and releases resources; the default does nothing. */
  default Mono<Void> close() {
    return Mono.empty();
  }

  /** A {@link RowSink} that keeps every row in memory, in order per job. */
  final class InMemory implements RowSink {
    private final Map<String, List<Row>> rows = new ConcurrentHashMap<>();

    InMemory() {}

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
}

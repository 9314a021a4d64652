package io.s64.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The baseline every scenario is compared with: an orchestrator written plainly, the way the
 * documentation's example flow reads. A fixed number of platform worker threads (5, one per
 * deep-search slot) each loop: take the next job; for a deep search POST the start, {@code
 * Thread.sleep} the fixed poll interval, GET the status, until it is terminal; then page the
 * results sequentially, following {@code next_cursor} while {@code has_more}; for a filter query
 * just page it. Nothing is shared between workers but the job queue; 429s are waited out by
 * {@link BlockingApi}.
 */
final class DocsLiteralOrchestrator {

  /**
   * One job: a deep search ({@code deepQuery}) or a filter query ({@code firstPage}, the body of
   * its first {@code /search/query} request).
   */
  record Task(String id, @Nullable String deepQuery, @Nullable ObjectNode firstPage) {
    static Task deep(String id, String query) {
      return new Task(id, query, null);
    }

    static Task filter(String id, ObjectNode firstPage) {
      return new Task(id, null, firstPage);
    }
  }

  /**
   * What a run did.
   *
   * @param jobs jobs given
   * @param completed jobs that ended with every page read
   * @param failed jobs that ended otherwise (a failed search or an error answer)
   * @param rows rows read
   * @param tooManyRequests 429 answers received (each waited out)
   * @param elapsed wall time of the run
   */
  record Result(int jobs, int completed, int failed, long rows, long tooManyRequests,
      Duration elapsed) {}

  private final BlockingApi api;
  private final int workers;
  private final Duration pollInterval;
  private final int pageSize;

  /**
   * @param api the blocking API
   * @param workers worker threads (5: the organization's slots)
   * @param pollInterval the fixed sleep between status polls
   * @param pageSize page size for reading deep-search results
   */
  DocsLiteralOrchestrator(BlockingApi api, int workers, Duration pollInterval, int pageSize) {
    this.api = api;
    this.workers = workers;
    this.pollInterval = pollInterval;
    this.pageSize = pageSize;
  }

  /** Runs every task and returns when all are done. */
  Result run(List<Task> tasks) throws InterruptedException {
    Queue<Task> queue = new ConcurrentLinkedQueue<>(tasks);
    AtomicInteger completed = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicLong rows = new AtomicLong();
    long before = api.tooManyRequests();
    long start = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      Thread t = new Thread(() -> {
        Task task;
        while ((task = queue.poll()) != null) {
          try {
            rows.addAndGet(process(task));
            completed.incrementAndGet();
          } catch (IOException e) {
            failed.incrementAndGet();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }, "docs-literal-" + i);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    return new Result(tasks.size(), completed.get(), failed.get(), rows.get(),
        api.tooManyRequests() - before, Duration.ofNanos(System.nanoTime() - start));
  }

  private long process(Task task) throws IOException, InterruptedException {
    ObjectNode first = task.firstPage();
    String query = task.deepQuery();
    if (first != null) {
      return pages(first);
    }
    if (query == null) {
      throw new IllegalArgumentException("task " + task.id() + " has neither query nor filter");
    }
    ObjectNode start = BlockingApi.JSON.createObjectNode()
        .put("query", query).put("mode", "people").put("max_results", 1000);
    String taskId = api.post("/search/start-deep-search", start).path("task_id").asText();
    JsonNode status;
    do {
      Sleep.of(pollInterval);
      status = api.get("/search/status/" + taskId);
    } while (!terminal(status));
    if (!"completed".equals(status.path("status").asText())) {
      throw new IOException("search " + taskId + " ended " + status.path("status").asText());
    }
    return pages(BlockingApi.JSON.createObjectNode()
        .put("search_id", status.path("search_id").asText()).put("page_size", pageSize));
  }

  private static boolean terminal(JsonNode status) {
    String s = status.path("status").asText();
    return s.equals("completed") || s.equals("failed");
  }

  /** Reads every page: the first request, then {@code {"cursor": ...}} alone while more follow. */
  private long pages(ObjectNode first) throws IOException, InterruptedException {
    JsonNode page = api.post("/search/query", first);
    long rows = page.path("results").size();
    while (page.path("has_more").asBoolean(false) && page.hasNonNull("next_cursor")) {
      ObjectNode next = BlockingApi.JSON.createObjectNode()
          .put("cursor", page.get("next_cursor").asText());
      page = api.post("/search/query", next);
      rows += page.path("results").size();
    }
    return rows;
  }
}

package io.s64.runner.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.s64.redis.queue.JobQueue;
import io.s64.redis.queue.QueueCollector;
import io.s64.redis.queue.QueueStatus;
import io.s64.runner.output.JsonLines;
import io.s64.runner.pipeline.ExitCode;
import io.s64.runner.pipeline.Interrupt;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs one {@code s64 collect}: writes a queue's outcomes and rows into an output folder laid out
 * like {@code s64 run}'s ({@code outcomes.jsonl}, {@code results.jsonl}, {@code summary.json}),
 * each line once, then trims the rows it wrote from Redis. Its place is {@code collect.json}
 * ({@link CollectPosition}), so a collect that was stopped continues with the same command. With
 * {@code follow} it goes on as outcomes arrive and ends once every submitted job has one; without,
 * it writes what is there and ends.
 */
public final class Collector {
  private static final int OUTCOMES_AT_ONCE = 1000;
  private static final int PAGES_AT_ONCE = 200;
  private static final Duration IDLE = Duration.ofMillis(200);
  private static final Duration LOCK = Duration.ofSeconds(30);

  private final String redisUrl;
  private final String queueName;
  private final Path out;
  private final boolean follow;
  private final Interrupt interrupt;
  private final PrintStream err;
  private final String owner = UUID.randomUUID().toString();

  public Collector(String redisUrl, String queueName, Path out, boolean follow, Interrupt interrupt,
      PrintStream err) {
    this.redisUrl = redisUrl;
    this.queueName = queueName;
    this.out = out;
    this.follow = follow;
    this.interrupt = interrupt;
    this.err = err;
  }

  /** The collect; emits its exit code. */
  public Mono<Integer> run() {
    Instant startedAt = Instant.now();
    CollectPosition start;
    try {
      start = prepare();
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return Mono.just(ExitCode.USAGE);
    } catch (IOException e) {
      err.println("error: --out '" + out + "': " + e.getMessage());
      return Mono.just(ExitCode.USAGE);
    }
    return Queues.connect(redisUrl, queueName, err).flatMap(queue -> {
      QueueCollector c = queue.collector();
      return c.lock(owner, LOCK).flatMap(locked -> {
        if (!locked) {
          err.println("error: another 's64 collect' is collecting queue '" + queueName + "'");
          return Mono.just(ExitCode.USAGE);
        }
        State state = new State(start);
        return loop(queue, c, state)
            .then(Mono.defer(() -> queue.status(Duration.ofSeconds(30))))
            .flatMap(status -> Mono.fromCallable(() -> conclude(status, startedAt))
                .subscribeOn(Schedulers.boundedElastic()))
            .flatMap(code -> c.unlock(owner).thenReturn(code));
      }).flatMap(code -> queue.close().thenReturn(code));
    }).onErrorResume(IllegalArgumentException.class, e -> Mono.fromSupplier(() -> {
      err.println("error: " + e.getMessage());
      return ExitCode.USAGE;
    }));
  }

  /** Where this collect starts: after the last one's place, or at the start of an empty folder. */
  private CollectPosition prepare() throws IOException {
    Path position = out.resolve("collect.json");
    if (Files.exists(position)) {
      CollectPosition p = CollectPosition.read(position);
      cut(out.resolve("outcomes.jsonl"), p.outcomesBytes());
      cut(out.resolve("results.jsonl"), p.resultsBytes());
      return p;
    }
    if (Files.isDirectory(out)) {
      try (var files = Files.list(out)) {
        if (files.findAny().isPresent()) {
          throw new IllegalArgumentException("--out '" + out + "' is not empty and holds no"
              + " collect.json (it is not the folder of an earlier 's64 collect')");
        }
      }
    }
    Files.createDirectories(out);
    return CollectPosition.START;
  }

  private static void cut(Path file, long length) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      if (ch.size() > length) {
        ch.truncate(length);
      }
    }
  }

  private static final class State {
    CollectPosition position;
    long written;

    State(CollectPosition position) {
      this.position = position;
    }
  }

  /** Rounds until the end: with follow, until every submitted job has its outcome. */
  private Mono<Void> loop(JobQueue queue, QueueCollector c, State state) {
    return Mono.defer(() -> (follow ? queue.status(Duration.ofSeconds(30)) : Mono.<QueueStatus>empty())
            .map(QueueStatus::finished).defaultIfEmpty(true)
            .flatMap(finishedBefore -> drain(c, state).then(c.lock(owner, LOCK))
                .flatMap(locked -> finishedBefore || interrupt.isFired()
                    ? Mono.just(true) : Mono.delay(IDLE).thenReturn(false))))
        .repeat()
        .takeUntil(done -> done)
        .then();
  }

  /** Writes everything there is now. */
  private Mono<Void> drain(QueueCollector c, State state) {
    return Mono.defer(() -> Mono.zip(c.outcomes(state.position.outcomesAfter(), OUTCOMES_AT_ONCE),
            c.rows(state.position.rowsAfter(), PAGES_AT_ONCE)))
        .flatMap(t -> Mono.fromCallable(() -> write(state, t.getT1(), t.getT2()))
            .subscribeOn(Schedulers.boundedElastic())
            .flatMap(pages -> c.trimRows(pages).thenReturn(
                t.getT1().size() + t.getT2().size())))
        .repeat()
        .takeUntil(n -> n == 0 || interrupt.isFired())
        .then();
  }

  /** Appends the lines, forces them to disk, records the place; returns the pages to trim. */
  private List<String> write(State state, List<QueueCollector.Entry> outcomes,
      List<QueueCollector.Entry> pages) throws IOException {
    CollectPosition p = state.position;
    long outcomesBytes = append(out.resolve("outcomes.jsonl"), outcomes);
    long resultsBytes = append(out.resolve("results.jsonl"), pages);
    List<String> written = new ArrayList<>(pages.size());
    pages.forEach(e -> written.add(e.id()));
    state.position = new CollectPosition(
        outcomes.isEmpty() ? p.outcomesAfter() : outcomes.get(outcomes.size() - 1).id(),
        pages.isEmpty() ? p.rowsAfter() : pages.get(pages.size() - 1).id(),
        outcomesBytes, resultsBytes);
    state.written += outcomes.size();
    state.position.write(out.resolve("collect.json"));
    return written;
  }

  private static long append(Path file, List<QueueCollector.Entry> entries) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      if (!entries.isEmpty()) {
        StringBuilder b = new StringBuilder();
        for (QueueCollector.Entry e : entries) {
          b.append(e.text()).append('\n');
        }
        ByteBuffer bytes = ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          ch.write(bytes);
        }
        ch.force(false);
      }
      return ch.size();
    }
  }

  /** Writes summary.json and the final line; returns the exit code. */
  private int conclude(QueueStatus status, Instant startedAt) throws IOException {
    Map<String, Long> byStatus = new TreeMap<>();
    long jobs = 0;
    try (BufferedReader r = Files.newBufferedReader(out.resolve("outcomes.jsonl"))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        JsonNode o = JsonLines.MAPPER.readTree(line);
        byStatus.merge(o.path("status").asText(), 1L, Long::sum);
        jobs++;
      }
    }
    long rows;
    try (var lines = Files.lines(out.resolve("results.jsonl"))) {
      rows = lines.count();
    }
    boolean complete = jobs >= status.submitted() && status.finished();
    boolean allGood = byStatus.keySet().stream().allMatch(s -> s.equals("completed") || s.equals("duplicate"));
    int code = interrupt.isFired() ? ExitCode.INTERRUPTED
        : complete && allGood ? ExitCode.OK : ExitCode.SOME_FAILED;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("queue", queueName);
    m.put("out", out.toString());
    m.put("complete", complete);
    m.put("exit_code", code);
    m.put("jobs", jobs);
    m.put("submitted", status.submitted());
    m.put("by_status", byStatus);
    m.put("rows", rows);
    m.put("requests", status.requests());
    m.put("started_at", startedAt.toString());
    m.put("finished_at", Instant.now().toString());
    try {
      Files.write(out.resolve("summary.json"), (JsonLines.MAPPER.writer()
          .with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m) + "\n")
          .getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder counts = new StringBuilder();
    byStatus.forEach((s, n) -> counts.append(counts.length() == 0 ? "" : ", ").append(n).append(' ')
        .append(s.replace('_', ' ')));
    err.println("s64 collect: " + jobs + " of " + status.submitted() + " jobs"
        + (jobs == 0 ? "" : " (" + counts + ")") + " | " + rows + " rows | output in " + out
        + (complete ? "" : " | not finished: run again, or use --follow"));
    err.flush();
    return code;
  }
}

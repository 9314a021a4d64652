package io.s64.batch;

import io.s64.Sixtyfour;
import io.s64.error.DecodeException;
import io.s64.internal.Json;
import io.s64.job.BatchEvent;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.model.Row;
import io.s64.model.Workflows;
import io.s64.sink.RowSink;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A workflow job: its rows split into runs of at most {@code rowsPerRun}; each run started with an
 * idempotency key chosen before the first attempt, watched to its end ({@link RunWatcher}), and
 * its result file streamed into the sink ({@link CsvReader}: a fresh signed link for every
 * attempt, a cut download continued from the committed byte offset). Runs of a job are started and
 * watched side by side; their results are read in run order, so one byte offset and the index of
 * the run being read (the committed {@code cursor}, {@code run K}) say where a resumed job goes on.
 *
 * <p><b>Never twice.</b> Each acknowledged run is recorded ({@link BatchEvent.Started} with its
 * {@link BatchEvent.RunSlot}), and a resumed job re-attaches to the runs its journal names by
 * their ids: it reads their live status and results and sends no start for them, so it does not
 * depend on the server still remembering their keys. Only a run whose start was never answered
 * (or whose answer never reached the journal) is started again, under the same key: the key of
 * run K derives from the job id, K and a digest of its rows, so a retried start, such a run and
 * even a run whose journal was lost send the same key, and the server answers with the run it
 * started first ({@code already_started}). Rows of a run carry
 * {@code _run_id} and {@code _row} (their place in the run's file), which make their {@link
 * Row#key() keys}: a row written before a crash is not written again.
 *
 * <p><b>Endings.</b> A run that ends {@code failed} (or is cancelled elsewhere) fails the job,
 * naming each failed block and its {@code error_message}. A run without progress for the stall
 * timeout is cancelled, and the job fails {@code STALLED} or, with {@code retryStalled}, one fresh
 * run (a new key) takes its place and the outcome names both. A stopped batch leaves runs going on
 * the server.
 */
final class WorkflowFlow implements Flow<Job.Workflow> {
  private static final String CURSOR = "run ";

  private final Sixtyfour client;
  private final RunWatcher watcher;
  private final CsvReader csv;
  private final RowSink sink;
  private final WorkflowSettings settings;

  WorkflowFlow(Sixtyfour client, RunWatcher watcher, CsvReader csv, RowSink sink,
      WorkflowSettings settings) {
    this.client = client;
    this.watcher = watcher;
    this.csv = csv;
    this.sink = sink;
    this.settings = settings;
  }

  @Override
  public @Nullable String dedupKey(Job.Workflow job) {
    return "workflow|" + job.workflowId() + "|" + job.rowsPerRun() + "|" + job.saveJson() + "|"
        + Json.canonical(job.rows());
  }

  /** A run that ended well, and the stalled run it replaced, if any. */
  private record Done(int index, String runId, @Nullable String replaced) {}

  /** A run that ended the job. */
  private static final class RunEnded extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final Outcome.Failure.Reason reason;

    RunEnded(Outcome.Failure.Reason reason, String detail) {
      super(detail, null, false, false);
      this.reason = reason;
    }
  }

  @Override
  public Mono<Outcome> run(Job.Workflow job, JobTracker tracker) {
    Job.Progress progress = tracker.progress();
    int first = readingFrom(progress.cursor());
    long offset = progress.byteOffset();
    int runs = job.runs();
    Map<Integer, Job.RunStart> known = progress.runs();
    List<String> notes = new CopyOnWriteArrayList<>();
    tracker.continueFromCheckpoint();
    return tracker.record(new BatchEvent.Admitted(job.id(), job.kind(), null))
        .thenMany(Flux.range(first, Math.max(0, runs - first))
            .flatMapSequential(k -> runToEnd(job, tracker, k, known.get(k)), settings.runsAtOnce(), 1))
        .concatMap(done -> {
          if (done.replaced() != null) {
            notes.add("run " + done.replaced() + " stalled and was cancelled; run " + done.runId()
                + " replaced it (both are paid for)");
          }
          return read(tracker, done, done.index() == first ? offset : 0, done.index() == runs - 1);
        })
        .then(Mono.fromSupplier(() -> tracker.completed(runs + (runs == 1 ? " run" : " runs")
            + (notes.isEmpty() ? "" : "; " + String.join("; ", notes)))))
        .onErrorResume(RunEnded.class, e -> Mono.fromSupplier(() ->
            tracker.failed(e.reason, String.valueOf(e.getMessage()),
                notes.isEmpty() ? null : String.join("; ", notes))));
  }

  /** The run whose results a resumed job reads first: the one named by the committed cursor. */
  private static int readingFrom(@Nullable String cursor) {
    if (cursor != null && cursor.startsWith(CURSOR)) {
      try {
        return Math.max(0, Integer.parseInt(cursor.substring(CURSOR.length()).trim()));
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    return 0;
  }

  /**
   * Starts run {@code k} (or re-attaches to it), watches it, and handles a stall.
   *
   * @param known the run as an earlier process of this job recorded it, or null
   */
  private Mono<Done> runToEnd(Job.Workflow job, JobTracker tracker, int k, Job.@Nullable RunStart known) {
    Mono<Attempt> firstAttempt = known != null && known.attempt() > 0
        ? Mono.just(Attempt.cancelledBefore(known.replaced() != null ? known.replaced() : "(unrecorded)"))
        : attempt(job, tracker, k, 0, known);
    return firstAttempt.flatMap(first -> {
      if (!first.stalled()) {
        return ended(first, null, k);
      }
      String runId = first.runId();
      boolean replace = settings.retryStalled() || (known != null && known.attempt() > 0);
      return cancel(tracker, first).then(Mono.defer(() -> replace
          ? attempt(job, tracker, k, 1, known).flatMap(second -> second.stalled()
              ? cancel(tracker, second).then(Mono.error(stalled(runId + " and its replacement "
                  + second.runId())))
              : ended(second, runId, k))
          : Mono.error(stalled(runId))));
    });
  }

  /**
   * Attempt {@code attempt} of run {@code k}: re-attached by its id when an earlier process of the
   * job recorded it (no start is sent: the server need not remember the key), else started.
   */
  private Mono<Attempt> attempt(Job.Workflow job, JobTracker tracker, int k, int attempt,
      Job.@Nullable RunStart known) {
    if (known == null || known.attempt() != attempt) {
      return startAndWatch(job, tracker, k, attempt);
    }
    if (known.stalled()) {
      return Mono.just(Attempt.cancelledBefore(known.runId()));
    }
    return watch(job, tracker, known.runId(), new BatchEvent.RunSlot(k, attempt), true);
  }

  private RunEnded stalled(String runs) {
    return new RunEnded(Outcome.Failure.Reason.STALLED, "run " + runs + " made no progress for "
        + settings.stallTimeout().toString().substring(2).toLowerCase() + " and was cancelled");
  }

  /**
   * A run and how watching it ended; {@code watched} is null for a run an earlier process of the
   * job cancelled because it stalled.
   */
  private record Attempt(String runId, RunWatcher.@Nullable Watched watched) {
    static Attempt cancelledBefore(String runId) {
      return new Attempt(runId, null);
    }

    boolean stalled() {
      return watched == null || watched.stalled();
    }
  }

  private Mono<Attempt> startAndWatch(Job.Workflow job, JobTracker tracker, int k, int attempt) {
    Workflows.RunRequest request = new Workflows.RunRequest(job.workflowId(), rowsOf(job, k), null,
        job.saveJson(), List.of("csv"), key(job, k, attempt));
    return client.runWorkflow(request).flatMap(started -> watch(job, tracker, started.runId(),
        new BatchEvent.RunSlot(k, attempt), started.alreadyStarted()));
  }

  /**
   * Records run {@code runId} as started (again, when re-attaching: the progress line and {@code
   * --cancel-on-exit} learn of runs from that event) and watches it.
   */
  private Mono<Attempt> watch(Job.Workflow job, JobTracker tracker, String runId,
      BatchEvent.RunSlot slot, boolean immediate) {
    return tracker.record(new BatchEvent.Started(job.id(), runId, null, slot))
        .then(watcher.watch(tracker, runId, immediate))
        .map(w -> new Attempt(runId, w));
  }

  private static Mono<Done> ended(Attempt a, @Nullable String replaced, int k) {
    Workflows.LiveStatus s = Objects.requireNonNull(a.watched()).status();
    if (s.state() == Workflows.State.COMPLETED) {
      return Mono.just(new Done(k, a.runId(), replaced));
    }
    String blocks = RunWatcher.failedBlocks(s);
    return Mono.error(new RunEnded(Outcome.Failure.Reason.RUN_FAILED, "run " + a.runId() + " ended "
        + s.status() + (blocks == null ? "" : ": " + blocks)));
  }

  /** Cancels a stalled run and records that it ended so; one cancelled before needs nothing. */
  private Mono<Void> cancel(JobTracker tracker, Attempt stalled) {
    if (stalled.watched() == null) {
      return Mono.empty();
    }
    String runId = stalled.runId();
    return client.cancelWorkflowRun(runId)
        .then(tracker.record(new BatchEvent.Terminal(tracker.id(), runId, Job.RunStart.STALLED, null,
            null, "no progress; cancelled")));
  }

  /** Streams run {@code done}'s result file into the sink from {@code from}, then moves the cursor on. */
  private Mono<Void> read(JobTracker tracker, Done done, long from, boolean last) {
    String runId = done.runId();
    String cursor = CURSOR + done.index();
    CsvReader.Decorate decorate = (row, n) -> tagged(row.fields(), runId, n);
    Mono<Workflows.ResultFile> file = client.workflowResults(runId, "csv").map(files -> pick(files, runId));
    return file.flatMap(f -> {
      if (f.downloadUrl() != null) {
        return csv.copy(tracker, () -> file.map(Workflows.ResultFile::link), from, decorate, cursor)
            .then();
      }
      List<Map<String, ?>> inline = f.inline();
      if (inline == null && f.rowCount() > 0) {
        return Mono.error(new DecodeException("GET /workflows/runs: run " + runId + " has "
            + f.rowCount() + " result rows but neither a download_url nor inline results", null));
      }
      List<Row> rows = new ArrayList<>();
      for (Map<String, ?> r : inline == null ? List.<Map<String, ?>>of() : inline) {
        rows.add(tagged(r, runId, rows.size() + 1));
      }
      List<Row> fresh = tracker.fresh(rows);
      return (fresh.isEmpty() ? Mono.<Void>empty() : sink.write(tracker.job(), fresh))
          .then(Mono.defer(() -> tracker.commit(fresh, null, cursor, 0, false)));
    }).then(Mono.defer(() -> tracker.commit(List.of(), null, CURSOR + (done.index() + 1), 0, last)));
  }

  /** The final output of a run: the file of its last block (the highest block number). */
  private static Workflows.ResultFile pick(List<Workflows.ResultFile> files, String runId) {
    Workflows.ResultFile best = null;
    for (Workflows.ResultFile f : files) {
      int n = f.blockNumber() == null ? -1 : f.blockNumber();
      if (best == null || n >= (best.blockNumber() == null ? -1 : best.blockNumber())) {
        best = f;
      }
    }
    if (best == null) {
      return new Workflows.ResultFile("", 0, null, null, 0, List.of());
    }
    return best;
  }

  private static Row tagged(Map<String, ?> fields, String runId, long number) {
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    out.put("_run_id", runId);
    out.put("_row", number);
    fields.forEach((name, value) -> {
      if (!name.equals("_run_id") && !name.equals("_row") && !name.equals("_job_id")) {
        out.put(name, value);
      }
    });
    return Row.of(out);
  }

  private static List<Map<String, ?>> rowsOf(Job.Workflow job, int k) {
    int from = k * job.rowsPerRun();
    return job.rows().subList(from, Math.min(job.rows().size(), from + job.rowsPerRun()));
  }

  /**
   * The idempotency key of run {@code k} of a job: {@code s64-} and 32 hex digits of a SHA-256 of
   * the job id, the run's index, the attempt (1 for a stalled run's replacement) and its rows.
   */
  static String key(Job.Workflow job, int k, int attempt) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      Function<String, byte[]> utf8 = s -> s.getBytes(StandardCharsets.UTF_8);
      md.update(utf8.apply(job.id()));
      md.update((byte) 0);
      md.update(utf8.apply(job.workflowId() + "\u0000" + k + "\u0000" + attempt + "\u0000"));
      md.update(utf8.apply(Json.canonical(rowsOf(job, k))));
      return "s64-" + HexFormat.of().formatHex(md.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }
}

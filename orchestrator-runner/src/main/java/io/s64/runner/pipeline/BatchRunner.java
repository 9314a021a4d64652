package io.s64.runner.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.s64.Sixtyfour;
import io.s64.batch.Batch;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.sink.RowSink;
import io.s64.emulator.Emulator;
import io.s64.limits.RequestBudget;
import io.s64.error.ApiException;
import io.s64.runner.input.InputException;
import io.s64.runner.metrics.MetricsEndpoint;
import io.s64.runner.input.InputFormat;
import io.s64.runner.input.InputReader;
import io.s64.runner.input.WorkflowRows;
import io.s64.runner.output.AppendFile;
import io.s64.runner.output.DrainingRowSink;
import io.s64.runner.output.FileJournal;
import io.s64.runner.output.JournalJson;
import io.s64.runner.output.RequestLog;
import io.s64.runner.report.RunReport;
import io.s64.runner.output.ResultsCsv;
import io.s64.runner.progress.ProgressMeter;
import io.s64.runner.progress.ProgressMode;
import io.s64.runner.progress.ProgressPrinter;
import io.s64.runner.progress.RecordCounter;
import io.s64.runner.resume.ResumeState;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs one {@code s64 run} and ends in its exit code, as a {@code Mono<Integer>} the caller blocks
 * on once. In order: check the options, the input and the output folder (exit 2 with a message
 * naming the culprit); read the earlier run's state on {@code --resume}; start the embedded
 * emulator with {@code --emulator}; stream the input through the batch into the files, with
 * progress on stderr; then close the files, write {@code summary.json} (and {@code results.csv}),
 * print the final line and the exit code's reason.
 *
 * <p>When the {@link Interrupt} fires, the input stops, the batch subscription is cancelled (row
 * writes already started still finish), the files are flushed and closed, and the run ends with
 * {@link ExitCode#INTERRUPTED} and the command that resumes it.
 */
public final class BatchRunner {
  private final RunOptions options;
  private final java.util.concurrent.atomic.AtomicBoolean balanceUnknown =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final Interrupt interrupt;
  private final PrintStream err;
  private final UnaryOperator<String> env;
  private final boolean console;

  /**
   * @param env reads an environment variable (null when unset)
   * @param console whether stderr is a terminal, for {@code --progress auto}
   */
  public BatchRunner(RunOptions options, Interrupt interrupt, PrintStream err,
      UnaryOperator<String> env, boolean console) {
    this.options = options;
    this.interrupt = interrupt;
    this.err = err;
    this.env = env;
    this.console = console;
  }

  /** The run; emits its exit code. */
  public Mono<Integer> run() {
    return Mono.fromCallable(this::prepare)
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(this::execute)
        .onErrorResume(UsageException.class, e -> Mono.fromSupplier(() -> {
          err.println("error: " + e.getMessage());
          return ExitCode.USAGE;
        }));
  }

  private Session prepare() {
    if (options.workflow().workflowId() != null && options.input().equals("-")) {
      throw new UsageException("ROWS_FILE must be a file, not -");
    }
    long startNanos = System.nanoTime();
    Instant startedAt = Instant.now();
    List<String> notes = new ArrayList<>();
    String input = checkInput();
    if (options.emulator() && options.baseUrl() != null) {
      throw new UsageException("--emulator and --base-url cannot be used together (--emulator runs"
          + " against the embedded emulator)");
    }
    ApiKeys.Key key = options.emulator()
        ? new ApiKeys.Key(DemoEmulator.KEY, "the embedded emulator")
        : ApiKeys.resolve(options, env);
    String endpoint = env.apply("SIXTYFOUR_API_ENDPOINT");
    String baseUrl = options.baseUrl() != null ? options.baseUrl()
        : endpoint != null && !endpoint.isBlank() ? endpoint.strip()
        : Sixtyfour.DEFAULT_BASE_URL;
    MetricsEndpoint metrics = null;
    if (options.metricsPort() != null) {
      try {
        metrics = MetricsEndpoint.start(options.metricsPort());
      } catch (IllegalStateException e) {
        throw new UsageException(e.getMessage());
      }
      notes.add("serving the run's meters on " + metrics.url());
    }
    MeterRegistry registry = metrics == null ? null : metrics.registry();
    OutDir out = new OutDir(options.out());
    RequestLog requests = Clients.requestLog(options, out.requests(), startedAt);
    Sixtyfour client = options.emulator() ? null
        : Clients.client(options, baseUrl, key, requests, registry);
    boolean resumed = out.prepare(options.resume());
    ResumeState resume = resumed ? Resumes.load(out, input, options, notes) : ResumeState.none();
    if (options.resume() && !resumed) {
      notes.add("nothing to resume in --out '" + out.dir() + "'; starting a new run");
    }
    Emulator emulator = null;
    if (options.emulator()) {
      emulator = DemoEmulator.start(options.slots(), options.rateLimit(), options.rateWindow());
      client = Clients.client(options, emulator.baseUrl(), key, requests, registry);
      notes.add("running against the embedded emulator at " + emulator.baseUrl()
          + (options.workflow().workflowId() != null
              ? " (each workflow block takes " + emulator.config().workflowRowTime().toMillis()
                  + " ms a row)"
              : " (deep searches take 2-6 s)"));
      if (resumed) {
        notes.add("the embedded emulator starts empty, so unfinished jobs start over; rows already"
            + " written are not written again");
      }
    }
    FileJournal journal = openJournal(out, input, resumed, startedAt);
    requests.start();
    Credits credits = new Credits();
    DrainingRowSink sink = new DrainingRowSink(credits.counting(RowSink.jsonLines(out.results())));
    Batch batch = Clients.batch(client, options, journal,
        b -> registry == null ? b : b.meterRegistry(registry));
    return new Session(out, input, resumed, resume, emulator, client, batch, journal, sink,
        requests, key, startedAt, startNanos, notes, metrics, credits);
  }

  /** The input's absolute path ({@code -} for stdin), once it is known to be readable. */
  private String checkInput() {
    String given = options.input();
    try {
      InputFormat.of(given);
    } catch (InputException e) {
      throw new UsageException(e.getMessage());
    }
    if (given.equals("-")) {
      return given;
    }
    Path path = Path.of(given);
    if (!Files.exists(path)) {
      throw new UsageException("INPUT '" + given + "' does not exist");
    }
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new UsageException("INPUT '" + given + "' cannot be read (not a readable file)");
    }
    return path.toAbsolutePath().normalize().toString();
  }

  private FileJournal openJournal(OutDir out, String input, boolean resumed, Instant at) {
    AppendFile journal = new AppendFile(out.journal());
    try {
      journal.append(JournalJson.header(at.toString(), input, resumed,
          Resumes.headerOptions(options)));
    } catch (IOException e) {
      throw new UsageException("--out '" + out.dir() + "': cannot write journal.jsonl ("
          + e.getMessage() + ")");
    }
    return new FileJournal(journal, new AppendFile(out.outcomes()));
  }

  private Mono<Integer> execute(Session s) {
    ProgressMeter meter =
        new ProgressMeter(System::nanoTime, s.resume.keptJobs(), s.resume.keptRows());
    ProgressPrinter printer = new ProgressPrinter(options.progress().resolve(console), err, meter,
        terminalWidth());
    if (options.progress() != ProgressMode.NONE) {
      s.notes.forEach(n -> printer.note("s64: " + n));
    }
    printer.start(s.batch.events());
    Disposable polls = s.journal.follow(s.batch.events());
    Disposable counting = options.input().equals("-") || options.workflow().workflowId() != null
        ? Disposables.disposed()
        : RecordCounter.count(Path.of(s.input), InputFormat.of(options.input()) == InputFormat.CSV)
            .subscribe(meter::total);
    Tally tally = new Tally();
    boolean reattach = !options.emulator();
    String workflowId = options.workflow().workflowId();
    Flux<Job> source = workflowId != null
        ? WorkflowRows.chunks(Path.of(options.input()), workflowId, options.workflow().rowsPerRun(),
            options.workflow().saveJson())
        : InputReader.read(options.input(), options.defaults());
    RunsInFlight inFlight = new RunsInFlight();
    Disposable runs = s.batch.events().subscribe(inFlight::on);
    Flux<Job> jobs = source
        .doOnNext(j -> meter.read())
        .mapNotNull(j -> s.resume.apply(j, reattach));
    // The balance is read before the first job runs, and again at the end: a run with nothing to
    // do (a finished run resumed, an input refused) sends no request.
    Flux<Job> afterBalance = jobs.switchOnFirst((first, all) -> first.hasValue()
        ? balance(s, printer).doOnNext(b -> s.credits.atStart(b.orElse(null))).thenMany(all)
        : all);
    return s.batch.run(afterBalance, s.sink)
        .doOnNext(tally::add)
        .takeUntilOther(interrupt.fired())
        .then(Mono.just(Optional.<Throwable>empty()))
        .onErrorResume(e -> Mono.just(Optional.of(e)))
        .flatMap(failure -> cancelRunsInFlight(s, inFlight, printer)
            .doFinally(sig -> runs.dispose())
            .then(s.sink.close())
            .onErrorResume(e -> warn(printer, "closing results.jsonl", e))
            .then(s.journal.close().onErrorResume(e -> warn(printer, "closing the journal", e)))
            .then(Mono.defer(() -> !s.credits.read() ? Mono.empty()
                : balance(s, printer).doOnNext(b -> s.credits.atEnd(b.orElse(null)))))
            .then(Mono.fromCallable(() -> {
              closeRequestLog(s, printer);
              counting.dispose();
              polls.dispose();
              return conclude(s, tally, printer, failure.orElse(null));
            }).subscribeOn(Schedulers.boundedElastic())))
        .flatMap(code -> s.close().thenReturn(code));
  }

  private void closeRequestLog(Session s, ProgressPrinter printer) {
    try {
      s.requests.close();
    } catch (IOException | RuntimeException e) {
      printer.note("s64: warning: closing requests.jsonl failed: " + e.getMessage());
    }
  }

  /**
   * The organization's credit balance, through the client's budget; empty when the API cannot
   * tell (an older API without {@code /check-balance}), which a note says once.
   */
  private Mono<Optional<BigDecimal>> balance(Session s, ProgressPrinter printer) {
    return s.client.creditBalance().map(Optional::of)
        .onErrorResume(e -> {
          boolean refused = e instanceof ApiException a && a.isAuthentication(); // said later
          if (!refused && balanceUnknown.compareAndSet(false, true)) {
            printer.note("s64: note: the credit balance could not be read, so summary.json shows"
                + " no credits spent (" + e.getMessage() + ")");
          }
          return Mono.just(Optional.empty());
        });
  }

  /**
   * With --cancel-on-exit, after an interrupt: cancels the workflow runs still in flight (each at
   * most once, within 15 s in all), else leaves them going for --resume.
   */
  private Mono<Void> cancelRunsInFlight(Session s, RunsInFlight inFlight, ProgressPrinter printer) {
    if (!interrupt.isFired() || !options.workflow().cancelOnExit() || inFlight.runs().isEmpty()) {
      return Mono.empty();
    }
    List<String> runs = inFlight.runs();
    return Flux.fromIterable(runs)
        .flatMap(id -> s.client.cancelWorkflowRun(id).thenReturn(id)
            .onErrorResume(e -> {
              printer.note("s64: warning: workflow run " + id + " could not be cancelled: "
                  + e.getMessage());
              return Mono.empty();
            }))
        .count()
        .timeout(Duration.ofSeconds(15), Mono.just(-1L))
        .doOnNext(n -> printer.note("s64: --cancel-on-exit: cancelled " + Math.max(0, n) + " of "
            + runs.size() + " workflow run" + (runs.size() == 1 ? "" : "s") + " in flight"))
        .then();
  }

  private Mono<Void> warn(ProgressPrinter printer, String what, Throwable e) {
    printer.note("s64: warning: " + what + " failed: " + e.getMessage());
    return Mono.empty();
  }

  /** Writes the summary (and results.csv), prints the final lines; returns the exit code. */
  private int conclude(Session s, Tally tally, ProgressPrinter printer, @Nullable Throwable failure) {
    boolean interrupted = interrupt.isFired();
    Map<Outcome.Status, Long> byStatus = tally.byStatus(s.resume.kept());
    int code = interrupted ? ExitCode.INTERRUPTED
        : failure instanceof InputException ? ExitCode.USAGE
        : failure != null ? ExitCode.SOME_FAILED
        : tally.refused() ? ExitCode.AUTHENTICATION
        : byStatus.entrySet().stream().anyMatch(e -> e.getValue() > 0
            && e.getKey() != Outcome.Status.COMPLETED && e.getKey() != Outcome.Status.DUPLICATE)
            ? ExitCode.SOME_FAILED : ExitCode.OK;
    if (options.csvOutput() && !interrupted && failure == null) {
      try {
        ResultsCsv.write(s.out.results(), s.out.csv());
      } catch (IOException | RuntimeException e) {
        printer.note("s64: warning: results.csv could not be written: " + e.getMessage());
        code = Math.max(code, ExitCode.SOME_FAILED);
      }
    }
    Duration wall = Duration.ofNanos(System.nanoTime() - s.startNanos);
    RequestBudget.State budget = s.client.budgetState();
    double slotEfficiency = wall.isZero() ? 0
        : tally.slotTime().toNanos() / ((double) options.slots() * wall.toNanos());
    RunSummary summary = new RunSummary(s.input, s.out.dir(), s.resumed, interrupted, code,
        byStatus, s.resume.keptRows() + tally.rows(), budget.granted(), budget.rateLimited(),
        budget.slotsBusy(), s.client.retries(), wall, slotEfficiency, s.startedAt, Instant.now(),
        s.credits.json(options.maxCredits()));
    try {
      Files.write(s.out.summary(), summary.json());
    } catch (IOException e) {
      printer.note("s64: warning: summary.json could not be written: " + e.getMessage());
    }
    try {
      RunReport.write(s.out.dir());
    } catch (IOException | RuntimeException e) {
      printer.note("s64: warning: report.html could not be written: " + e.getMessage());
    }
    printer.finish(summary.line());
    String resumeCommand = ResumeHint.command(program(), options.args());
    if (interrupted) {
      err.println("interrupted; resume with: " + resumeCommand);
    } else if (failure != null) {
      err.println("error: " + failure.getMessage());
    } else if (code == ExitCode.AUTHENTICATION) {
      err.println("error: the API refused the key from " + s.key.source() + " (HTTP 401), so the"
          + " run stopped; set a valid key, then continue with: " + resumeCommand);
    }
    err.flush();
    return code;
  }

  private String program() {
    String p = env.apply("S64_PROG");
    return p == null || p.isBlank() ? "s64" : p;
  }

  private int terminalWidth() {
    try {
      String columns = env.apply("COLUMNS");
      return columns == null ? 120 : Integer.parseInt(columns.trim());
    } catch (NumberFormatException e) {
      return 120;
    }
  }
}

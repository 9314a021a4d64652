package io.s64.runner;

import io.s64.job.Job;
import io.s64.runner.input.InputDefaults;
import io.s64.runner.pipeline.BatchRunner;
import io.s64.runner.pipeline.Interrupt;
import io.s64.runner.pipeline.RunOptions;
import io.s64.runner.pipeline.WorkflowOptions;
import io.s64.runner.progress.ProgressMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code s64 workflow run WORKFLOW_ID ROWS_FILE}: the rows of a CSV or JSON-lines file pushed
 * through a workflow in runs of at most {@code --rows-per-run} rows, one job per run ({@code
 * chunk-0001}, {@code chunk-0002}, ...), into the same output folder as {@code s64 run}, with
 * {@code --resume}.
 */
@Command(name = "run",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
        "Pushes the rows of ROWS_FILE through the workflow WORKFLOW_ID, in runs of at most",
        "--rows-per-run rows: one job per run (chunk-0001, chunk-0002, ...), each run started once",
        "(an idempotency key chosen per chunk), its live status read every 5-10s, its result rows",
        "written to results.jsonl with _job_id, _run_id and _row. Writes outcomes.jsonl,",
        "journal.jsonl and summary.json too, like 's64 run'.",
        "",
        "ROWS_FILE is a .csv with a header (each record one row) or a .jsonl/.ndjson file (each",
        "line one JSON object). The workflow's first block must be a webhook; its input_schema",
        "says which columns it requires.",
        "",
        "Stopping s64 (Ctrl-C, SIGTERM, a crash) leaves the runs going on the server; --resume",
        "re-attaches to them and never starts a run twice. --cancel-on-exit cancels them instead.",
        ""},
    footer = {"",
        "Exit codes: 0 every chunk completed; 1 some chunk failed or was invalid; 2 usage or input",
        "error; 3 the API refused the key (HTTP 401); 130 interrupted (continue with --resume)."})
final class WorkflowRunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "WORKFLOW_ID", description = "The workflow to run.")
  String workflowId = "";

  @Parameters(index = "1", paramLabel = "ROWS_FILE", description = "The rows: a .csv, .jsonl or .ndjson file.")
  String rowsFile = "";

  @Option(names = "--rows-per-run", paramLabel = "N", defaultValue = "500",
      description = "The most rows one run takes, 1.." + Job.Workflow.MAX_ROWS_PER_RUN
          + ". Default: ${DEFAULT-VALUE}.")
  int rowsPerRun = 500;

  @Option(names = "--save-json",
      description = "Start runs with save_json=true (keeps JSON results too). Default: ${DEFAULT-VALUE}.")
  boolean saveJson;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "./s64-out",
      description = "Output folder; a new run needs it empty or absent. Default: ${DEFAULT-VALUE}.")
  Path out = Path.of("./s64-out");

  @Option(names = "--resume",
      description = "Continue the run in --out: skip finished chunks, re-attach to started runs,"
          + " never write a row twice. Default: ${DEFAULT-VALUE}.")
  boolean resume;

  @Option(names = "--stall-timeout", paramLabel = "DUR", defaultValue = "30m",
      converter = DurationConverter.class,
      description = "How long a run may show no progress before it is cancelled and its chunk"
          + " fails STALLED. Default: ${DEFAULT-VALUE}.")
  Duration stallTimeout = Duration.ofMinutes(30);

  @Option(names = "--retry-stalled",
      description = "Start one fresh run in place of a stalled one (paid again; the outcome names"
          + " both runs). Default: ${DEFAULT-VALUE}.")
  boolean retryStalled;

  @Option(names = "--cancel-on-exit",
      description = "On Ctrl-C or SIGTERM, cancel the runs in flight instead of leaving them going"
          + " for --resume. Default: ${DEFAULT-VALUE}.")
  boolean cancelOnExit;

  @Option(names = "--poll-interval", paramLabel = "DUR", converter = DurationConverter.class,
      description = "How often a run's live status is read (plus up to as much again at random)."
          + " Default: every 5-10s (1-2s with --emulator).")
  @Nullable Duration pollInterval;

  @Option(names = "--progress", paramLabel = "auto|tty|plain|none", defaultValue = "auto",
      description = "Progress on stderr: a redrawn line (tty), a line every 5s (plain), nothing"
          + " (none); auto picks tty on a terminal. Default: ${DEFAULT-VALUE}.")
  String progress = "auto";

  @Mixin ApiConnection connection;

  @Mixin RateOptions rate;

  @Override
  public Integer call() {
    RunOptions options = options();
    Interrupt interrupt = new Interrupt();
    BatchRunner runner = new BatchRunner(options, interrupt, System.err, System::getenv,
        System.console() != null);
    return Main.await(runner.run(), interrupt);
  }

  RunOptions options() {
    require(!workflowId.isBlank(), "WORKFLOW_ID must not be empty");
    require(rowsPerRun >= 1 && rowsPerRun <= Job.Workflow.MAX_ROWS_PER_RUN,
        "--rows-per-run must be in 1.." + Job.Workflow.MAX_ROWS_PER_RUN + " but was " + rowsPerRun);
    rate.check(spec.commandLine());
    String p = progress.trim().toLowerCase(Locale.ROOT);
    require(List.of("auto", "tty", "plain", "none").contains(p),
        "--progress must be auto, tty, plain or none but was '" + progress + "'");
    ApiConnection c = connection;
    c.check(spec.commandLine());
    return new RunOptions(rowsFile, out, InputDefaults.api(), false, false, c.baseUrl, c.apiKeyEnv,
        c.apiKeyFile, rate.rateLimit, rate.rateWindow, 5, pollInterval, true, Duration.ofMinutes(30), resume,
        ProgressMode.valueOf(p.toUpperCase(Locale.ROOT)), c.emulator, c.allowInsecureHttp,
        arguments(), new WorkflowOptions(workflowId.strip(), rowsPerRun, saveJson, stallTimeout,
            retryStalled, cancelOnExit), null, null);
  }

  /** The arguments from {@code workflow} on, for the command that resumes. */
  private List<String> arguments() {
    List<String> all = spec.commandLine().getParseResult().originalArgs();
    int at = all.indexOf("workflow");
    return at < 0 ? all : all.subList(at, all.size());
  }

  private void require(boolean ok, String message) {
    if (!ok) {
      throw new CommandLine.ParameterException(spec.commandLine(), message);
    }
  }
}

package io.s64.runner;

import io.s64.model.DeepSearchRequest.Mode;
import io.s64.runner.input.InputDefaults;
import io.s64.runner.pipeline.BatchRunner;
import io.s64.runner.pipeline.Interrupt;
import io.s64.runner.pipeline.RunOptions;
import io.s64.runner.pipeline.WorkflowOptions;
import io.s64.runner.progress.ProgressMode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code s64 run INPUT [options]}: every option with its default; checks the ranges (exit 2 with
 * the option and the value) and hands a {@link RunOptions} to the {@link BatchRunner}.
 */
@Command(name = "run",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
        "Runs every job of INPUT against the Sixtyfour API and writes results.jsonl, outcomes.jsonl,",
        "journal.jsonl and summary.json into --out.",
        "",
        "INPUT is one of:",
        "  .jsonl / .ndjson  one job per line: {\"id\",\"query\",\"mode\",\"max_results\"} for a deep",
        "                    search; {\"id\",\"simple_filters\"|\"filters\"|\"parsed_query\",...} for a",
        "                    filter search; {\"id\",\"search_id\"} for an existing search's results;",
        "                    {\"id\",\"export\":{\"search_id\":...}} for a CSV export;",
        "                    {\"id\",\"people_intelligence\":{\"lead_info\":{...},...}} for research",
        "                    about a person; {\"id\",\"company_intelligence\":{\"target_company\":",
        "                    {...},...}} for research about a company (one result row each);",
        "                    {\"id\",\"workflow\":{\"workflow_id\",\"rows\":[{...}]|\"rows_file\":",
        "                    \"leads.csv\",\"rows_per_run\":500,\"save_json\":false}} for rows pushed",
        "                    through a Sixtyfour workflow (rows_file relative to INPUT's folder)",
        "  .csv              a header of id, query, mode, max_results; one deep search per record",
        "  .txt              one deep-search query per line",
        "  -                 JSON lines on stdin",
        "A record without an id is named line-N after the line it starts on.",
        "",
        "The API key comes from the environment variable SIXTYFOUR_API_KEY (or --api-key-env or",
        "--api-key-file), never from an argument.",
        ""},
    footer = {"",
        "Exit codes: 0 every job completed (or was a duplicate); 1 some job failed, timed out, was",
        "invalid or cancelled; 2 usage or input error; 3 the API refused the key (HTTP 401);",
        "130 interrupted (continue with --resume)."})
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "INPUT",
      description = "The jobs: a .jsonl, .ndjson, .csv or .txt file, or - for JSON lines on stdin.")
  String input = "";

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "./s64-out",
      description = "Output folder; a new run needs it empty or absent. Default: ${DEFAULT-VALUE}.")
  Path out = Path.of("./s64-out");

  @Option(names = "--mode", paramLabel = "people|company", converter = ModeConverter.class,
      description = "Mode of records that give none. Default: the API's (people for deep"
          + " searches, company for filters, the search's own for search ids).")
  @Nullable Mode mode;

  @Option(names = "--max-results", paramLabel = "N",
      description = "Result cap of records that give none, at least 1. Default: the API's (1000).")
  @Nullable Integer maxResults;

  @Option(names = "--page-size", paramLabel = "N", defaultValue = "100",
      description = "Rows per result page, 1..100 (fewer pages, fewer requests when larger)."
          + " Default: ${DEFAULT-VALUE}.")
  int pageSize = 100;

  @Option(names = "--results", paramLabel = "query|csv", defaultValue = "query",
      description = "How deep-search results are read: query pages, or the search's CSV file."
          + " Default: ${DEFAULT-VALUE}.")
  String results = "query";

  @Option(names = "--format", paramLabel = "jsonl|csv", defaultValue = "jsonl",
      description = "Output format: jsonl, or csv to also write results.csv (a _job_id column and"
          + " the union of the rows' columns) at the end. Default: ${DEFAULT-VALUE}.")
  String format = "jsonl";

  @Mixin ApiConnection connection;

  @Mixin RateOptions rate;

  @Mixin SearchOptions search;

  @Option(names = "--stall-timeout", paramLabel = "DUR", defaultValue = "30m",
      converter = DurationConverter.class,
      description = "How long a workflow run may show no progress before it is cancelled and its"
          + " job fails STALLED. Default: ${DEFAULT-VALUE}.")
  Duration stallTimeout = Duration.ofMinutes(30);

  @Option(names = "--retry-stalled",
      description = "Start one fresh workflow run in place of a stalled one (paid again; the"
          + " outcome names both runs). Default: ${DEFAULT-VALUE}.")
  boolean retryStalled;

  @Option(names = "--cancel-on-exit",
      description = "On Ctrl-C or SIGTERM, cancel the workflow runs in flight instead of leaving"
          + " them going for --resume. Default: ${DEFAULT-VALUE}.")
  boolean cancelOnExit;

  @Option(names = "--resume",
      description = "Continue the run in --out: skip finished jobs, re-attach started searches,"
          + " never write a row twice. Default: ${DEFAULT-VALUE}.")
  boolean resume;

  @Option(names = "--progress", paramLabel = "auto|tty|plain|none", defaultValue = "auto",
      description = "Progress on stderr: a redrawn line (tty), a line every 5s (plain), nothing"
          + " (none); auto picks tty on a terminal. Default: ${DEFAULT-VALUE}.")
  String progress = "auto";

  @Option(names = "--metrics-port", paramLabel = "PORT",
      description = "Serve the run's meters in Prometheus' text format on"
          + " http://127.0.0.1:PORT/metrics while it runs (0 picks a free port, printed at the"
          + " start). Default: off.")
  @Nullable Integer metricsPort;

  @Option(names = "--max-credits", paramLabel = "N",
      description = "Stop starting paid work (deep searches, exports, enrichment) once the"
          + " organization's credit balance has fallen by N during the run; those jobs end"
          + " cancelled (CREDIT_LIMIT), started ones finish. Default: no limit (a 402 from the API"
          + " still stops paid work).")
  @Nullable BigDecimal maxCredits;

  @Override
  public Integer call() {
    RunOptions options = options();
    Interrupt interrupt = new Interrupt();
    BatchRunner runner = new BatchRunner(options, interrupt, System.err, System::getenv,
        System.console() != null);
    return Main.await(runner.run(), interrupt);
  }

  /** The checked options. */
  RunOptions options() {
    require(pageSize >= 1 && pageSize <= 100, "--page-size must be in 1..100 but was " + pageSize);
    require(maxResults == null || maxResults >= 1,
        "--max-results must be at least 1 but was " + maxResults);
    connection.check(spec.commandLine());
    rate.check(spec.commandLine());
    search.check(spec.commandLine());
    String r = oneOf("--results", results, "query", "csv");
    String f = oneOf("--format", format, "jsonl", "csv");
    ProgressMode p = ProgressMode.valueOf(oneOf("--progress", progress, "auto", "tty", "plain", "none")
        .toUpperCase(Locale.ROOT));
    require(metricsPort == null || metricsPort >= 0 && metricsPort <= 65535,
        "--metrics-port must be in 0..65535 but was " + metricsPort);
    require(maxCredits == null || maxCredits.signum() > 0,
        "--max-credits must be positive but was " + (maxCredits == null ? "" : maxCredits.toPlainString()));
    return new RunOptions(input, out, new InputDefaults(mode, maxResults, pageSize), r.equals("csv"),
        f.equals("csv"), connection.baseUrl, connection.apiKeyEnv, connection.apiKeyFile,
        rate.rateLimit, rate.rateWindow, search.slots, search.pollInterval, search.learned(),
        search.searchTimeout, resume, p, connection.emulator, connection.allowInsecureHttp, arguments(),
        new WorkflowOptions(null, 500, false, stallTimeout, retryStalled, cancelOnExit),
        metricsPort, maxCredits);
  }

  /** The arguments after {@code run}, for the command that resumes. */
  private List<String> arguments() {
    List<String> all = spec.commandLine().getParseResult().originalArgs();
    int at = all.indexOf("run");
    return at < 0 ? all : all.subList(at + 1, all.size());
  }

  private String oneOf(String option, String value, String... allowed) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    for (String a : allowed) {
      if (a.equals(v)) {
        return a;
      }
    }
    throw new CommandLine.ParameterException(spec.commandLine(), option + " must be "
        + String.join(", ", allowed).replaceFirst(", ([^,]*)$", " or $1") + " but was '" + value + "'");
  }

  private void require(boolean ok, String message) {
    if (!ok) {
      throw new CommandLine.ParameterException(spec.commandLine(), message);
    }
  }
}

package io.s64.runner;

import io.s64.runner.input.InputDefaults;
import io.s64.runner.pipeline.Interrupt;
import io.s64.runner.pipeline.RunOptions;
import io.s64.runner.pipeline.WorkerOptions;
import io.s64.runner.pipeline.WorkerRunner;
import io.s64.runner.pipeline.WorkflowOptions;
import io.s64.runner.progress.ProgressMode;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code s64 worker --redis URL --queue NAME}: takes jobs from a queue and runs them. */
@Command(name = "worker",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
        "Takes jobs from a work queue in Redis and runs them against the Sixtyfour API. Run any",
        "number of workers, on any number of machines, with the same --redis, key and limits: they",
        "share one request budget and one set of deep-search slots through Redis. A job whose worker",
        "stops renewing it for --claim-after is taken over by another worker, which re-attaches to",
        "its search, continues from its last checkpoint and never writes a row twice. Outcomes and",
        "rows stay in Redis until 's64 collect' writes them out.",
        "",
        "The API key comes from the environment variable SIXTYFOUR_API_KEY (or --api-key-env or",
        "--api-key-file), never from an argument; Redis only ever sees a salted digest of it.",
        ""},
    footer = {"",
        "Exit codes: 0 stopped with --until-empty; 2 usage error; 3 the API refused the key (HTTP",
        "401; the worker's jobs go to the other workers); 130 interrupted (likewise)."})
final class WorkerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin QueueOptions queue = new QueueOptions();

  @Option(names = "--until-empty",
      description = "Stop once every submitted job has its outcome (and no 's64 submit' is under"
          + " way). Default: keep waiting for jobs.")
  boolean untilEmpty;

  @Option(names = "--claim-after", paramLabel = "DUR", defaultValue = "30s",
      converter = DurationConverter.class,
      description = "Take over a job whose worker sent no heartbeat for this long."
          + " Default: ${DEFAULT-VALUE}.")
  Duration claimAfter = Duration.ofSeconds(30);

  @Option(names = "--jobs", paramLabel = "N", defaultValue = "256",
      description = "Jobs this worker holds at once (running or waiting for a slot), as many as"
          + " 's64 run' runs at once. Deep searches are spread among other jobs in a queue: fewer"
          + " held jobs hold fewer of them, and the worker cannot fill the 5 slots."
          + " Default: ${DEFAULT-VALUE}.")
  int jobs = 256;

  @Option(names = "--name", paramLabel = "NAME",
      description = "This worker's name in the queue (unique). Default: host, pid and a random part.")
  @Nullable String name;

  @Option(names = "--page-size", paramLabel = "N", defaultValue = "100",
      description = "Rows per result page of deep searches, 1..100. Default: ${DEFAULT-VALUE}.")
  int pageSize = 100;

  @Option(names = "--results", paramLabel = "query|csv", defaultValue = "query",
      description = "How deep-search results are read: query pages, or the search's CSV file."
          + " Default: ${DEFAULT-VALUE}.")
  String results = "query";

  @Mixin ApiConnection connection;

  @Mixin RateOptions rate;

  @Mixin SearchOptions search;

  @Option(names = "--metrics-port", paramLabel = "PORT",
      description = "Serve this worker's meters in Prometheus' text format on"
          + " http://127.0.0.1:PORT/metrics while it runs (0 picks a free port, printed at the"
          + " start). Default: off.")
  @Nullable Integer metricsPort;

  @Override
  public Integer call() {
    RunOptions api = options();
    WorkerOptions options = new WorkerOptions(queue.redis, queue.queue,
        name != null ? name : defaultName(), claimAfter, untilEmpty, jobs);
    Interrupt interrupt = new Interrupt();
    return Main.await(new WorkerRunner(api, options, interrupt, System.err, System::getenv).run(),
        interrupt);
  }

  /** The checked options of the batches this worker runs. */
  RunOptions options() {
    connection.check(spec.commandLine());
    rate.check(spec.commandLine());
    search.check(spec.commandLine());
    require(pageSize >= 1 && pageSize <= 100, "--page-size must be in 1..100 but was " + pageSize);
    require(jobs >= 1, "--jobs must be at least 1 but was " + jobs);
    require(claimAfter.toMillis() >= 300, "--claim-after must be at least 300ms but was " + claimAfter);
    require(name == null || name.matches("[A-Za-z0-9._:-]{1,100}"),
        "--name must be 1 to 100 letters, digits, '.', '_', ':' or '-' but was '" + name + "'");
    require(metricsPort == null || metricsPort >= 0 && metricsPort <= 65535,
        "--metrics-port must be in 0..65535 but was " + metricsPort);
    String r = results.trim().toLowerCase(Locale.ROOT);
    require(r.equals("query") || r.equals("csv"), "--results must be query or csv but was '" + results + "'");
    return new RunOptions("-", Path.of("."), new InputDefaults(null, null, pageSize), r.equals("csv"),
        false, connection.baseUrl, connection.apiKeyEnv, connection.apiKeyFile, rate.rateLimit,
        rate.rateWindow, search.slots, search.pollInterval, search.learned(), search.searchTimeout,
        false, ProgressMode.NONE, connection.emulator, connection.allowInsecureHttp, List.of(),
        WorkflowOptions.defaults(), metricsPort, null);
  }

  private static String defaultName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9.-]", "-");
    } catch (Exception e) {
      host = "host";
    }
    return host + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 6);
  }

  private void require(boolean ok, String message) {
    if (!ok) {
      throw new CommandLine.ParameterException(spec.commandLine(), message);
    }
  }
}

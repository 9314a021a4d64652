package io.s64.runner;

import io.s64.model.DeepSearchRequest.Mode;
import io.s64.runner.input.InputDefaults;
import io.s64.runner.pipeline.Interrupt;
import io.s64.runner.queue.Submitter;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code s64 submit --redis URL --queue NAME FILE}: validates the jobs of FILE and queues them. */
@Command(name = "submit",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
        "Checks every job of FILE and adds it to a work queue in Redis, for 's64 worker' processes",
        "to run and 's64 collect' to write out. FILE takes the formats of 's64 run' (.jsonl,",
        ".ndjson, .csv, .txt, or - for JSON lines on stdin). A line that is not a valid job gets its",
        "'invalid' outcome at once. A job id is taken once per queue: submitting the same file",
        "again adds nothing; a job whose id the queue holds with another job is refused.",
        "Prints how many jobs were added.",
        ""},
    footer = {"",
        "Exit codes: 0 every line was queued (or was queued before, or was invalid); 1 some job was",
        "refused because its id is taken; 2 usage or input error; 130 interrupted."})
final class SubmitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin QueueOptions queue = new QueueOptions();

  @Parameters(index = "0", paramLabel = "FILE",
      description = "The jobs: a .jsonl, .ndjson, .csv or .txt file, or - for JSON lines on stdin.")
  String input = "";

  @Option(names = "--mode", paramLabel = "people|company", converter = ModeConverter.class,
      description = "Mode of records that give none. Default: the API's.")
  @Nullable Mode mode;

  @Option(names = "--max-results", paramLabel = "N",
      description = "Result cap of records that give none, at least 1. Default: the API's (1000).")
  @Nullable Integer maxResults;

  @Option(names = "--page-size", paramLabel = "N", defaultValue = "100",
      description = "Rows per result page of records that give none, 1..100."
          + " Default: ${DEFAULT-VALUE}.")
  int pageSize = 100;

  @Override
  public Integer call() {
    if (pageSize < 1 || pageSize > 100) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--page-size must be in 1..100 but was " + pageSize);
    }
    if (maxResults != null && maxResults < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--max-results must be at least 1 but was " + maxResults);
    }
    Interrupt interrupt = new Interrupt();
    Submitter submitter = new Submitter(queue.redis, queue.queue, input,
        new InputDefaults(mode, maxResults, pageSize), interrupt, System.out, System.err);
    return Main.await(submitter.run(), interrupt);
  }
}

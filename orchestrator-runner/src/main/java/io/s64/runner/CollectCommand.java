package io.s64.runner;

import io.s64.runner.pipeline.Interrupt;
import io.s64.runner.queue.Collector;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code s64 collect --redis URL --queue NAME --out DIR [--follow]}: writes the output folder. */
@Command(name = "collect",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
        "Writes the outcomes and rows of a work queue into --out, as 's64 run' does: outcomes.jsonl",
        "(exactly one line per submitted job), results.jsonl (every row once) and summary.json.",
        "Rows written are trimmed from Redis. The place reached is kept in collect.json, so a",
        "collect that was stopped continues with the same command. One collect per queue at a time.",
        ""},
    footer = {"",
        "Exit codes: 0 every submitted job has its outcome and completed (or was a duplicate); 1 some",
        "job did not complete, or (without --follow) some job has no outcome yet; 2 usage error;",
        "130 interrupted (run the same command again)."})
final class CollectCommand implements Callable<Integer> {
  @Mixin QueueOptions queue = new QueueOptions();

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "./s64-out",
      description = "Output folder: new or empty, or the folder of an earlier collect of this queue."
          + " Default: ${DEFAULT-VALUE}.")
  Path out = Path.of("./s64-out");

  @Option(names = "--follow",
      description = "Keep writing as outcomes arrive; end once every submitted job has one (and no"
          + " 's64 submit' is under way). Default: write what is there and end.")
  boolean follow;

  @Override
  public Integer call() {
    Interrupt interrupt = new Interrupt();
    return Main.await(new Collector(queue.redis, queue.queue, out, follow, interrupt, System.err)
        .run(), interrupt);
  }
}

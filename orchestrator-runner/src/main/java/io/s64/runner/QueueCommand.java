package io.s64.runner;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code s64 queue}: commands about a work queue. Without one it prints its help and exits 2. */
@Command(name = "queue",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {"Looks at a work queue in Redis (see 's64 submit', 's64 worker', 's64 collect').", ""},
    subcommands = {QueueStatusCommand.class})
final class QueueCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(System.err);
    return 2;
  }
}

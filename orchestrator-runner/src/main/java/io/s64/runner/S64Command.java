package io.s64.runner;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top command, {@code s64}: lists the commands. Without one it prints its help and exits 2. */
@Command(name = "s64",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Runs large batches of Sixtyfour searches without wasting a request, a search slot or a"
            + " credit: at most 5 deep searches at once, within 500 requests a minute, resumable"
            + " after a crash or Ctrl-C.",
        ""},
    subcommands = {RunCommand.class, WorkflowCommand.class, ReportCommand.class,
        EmulatorCommand.class, WebhookCommand.class, SubmitCommand.class, WorkerCommand.class,
        CollectCommand.class, QueueCommand.class},
    footer = {"", "Run 's64 COMMAND --help' for a command's options."})
final class S64Command implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(System.err);
    return 2;
  }
}

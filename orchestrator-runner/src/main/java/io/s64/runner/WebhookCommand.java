package io.s64.runner;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code s64 webhook}: commands for Sixtyfour's webhook deliveries. Without one it prints its help
 * and exits 2; {@code --help} prints it and exits 0.
 */
@Command(name = "webhook",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Receives Sixtyfour's webhook deliveries.",
    subcommands = {WebhookListenCommand.class})
final class WebhookCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(System.err);
    return 2;
  }
}

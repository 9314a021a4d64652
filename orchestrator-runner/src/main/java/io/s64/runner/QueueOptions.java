package io.s64.runner;

import picocli.CommandLine.Option;

/** The options every queue command shares: where Redis is and which queue. */
final class QueueOptions {
  @Option(names = "--redis", paramLabel = "URL", required = true,
      description = "The Redis holding the queue: redis://[:password@]host[:port][/db], or"
          + " rediss://... for TLS.")
  String redis = "";

  @Option(names = "--queue", paramLabel = "NAME", required = true,
      description = "The queue's name: 1 to 64 letters, digits, '.', '_' or '-'.")
  String queue = "";
}

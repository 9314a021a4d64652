/**
 * The {@code s64} command line: runs input files of jobs through the batch pipeline into an output
 * folder, resumes interrupted runs, receives webhooks, and runs the emulator. It uses the library
 * only through what {@code io.s64.core} exports. The runnable jar is a plain class-path jar; this
 * declaration makes the compiler hold the command line to the library's exported API.
 */
@SuppressWarnings({"module", "requires-automatic"})
module io.s64.runner {
  requires io.s64.core;
  requires io.s64.emulator;
  requires io.s64.redis;
  requires info.picocli;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires io.netty.codec.http;
  requires reactor.netty.core;
  requires reactor.netty.http;
  requires org.slf4j;
  // --metrics-port: the client's and the batch's meters in Prometheus' text format.
  requires micrometer.core;
  requires micrometer.registry.prometheus;
  requires static transitive org.jspecify;

  // picocli reads the commands' annotated fields and methods reflectively.
  opens io.s64.runner to info.picocli;
}

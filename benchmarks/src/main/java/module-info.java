/**
 * The benchmark suite: P1–P6 against the emulator and in-process APIs, each figure printed beside
 * a baseline and a bound from the same run. The runnable jar is a plain class-path jar; this
 * declaration holds the benchmarks to the library's exported API.
 */
@SuppressWarnings({"module", "requires-automatic"})
module io.s64.bench {
  requires io.s64.core;
  requires io.s64.emulator;
  requires jmh.core;
  requires java.management;
  requires jdk.management;
  requires java.net.http;
  requires com.fasterxml.jackson.databind;
  requires io.netty.buffer;
  requires io.netty.codec.http;
  requires reactor.netty.core;
  requires reactor.netty.http;
  requires static transitive org.jspecify;

  // JMH instantiates the benchmark states and the classes it generates reflectively.
  opens io.s64.bench;
  opens io.s64.bench.jmh_generated;
}

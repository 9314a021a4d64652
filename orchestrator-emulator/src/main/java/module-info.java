/**
 * A local server that speaks the Sixtyfour search and async enrichment API, for tests, demos and
 * benchmarks. Only {@code io.s64.emulator} is exported: {@code Emulator}, {@code EmulatorConfig}
 * and the records and enums they return. The packages below it (the HTTP front, each API area's
 * endpoints, state, limits and faults, statistics, settings) are the implementation.
 *
 * <p>It does not depend on {@code orchestrator-core}: it is written from the API contract alone.
 */
@SuppressWarnings({"module", "requires-automatic"})
module io.s64.emulator {
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires io.netty.codec.http;
  requires io.netty.transport;
  requires org.reactivestreams;
  requires org.slf4j;
  requires reactor.core;
  requires reactor.netty.core;
  requires reactor.netty.http;
  // Reactor Netty is an automatic module: it declares no requires, so the Netty modules it loads
  // at run time (its own dependencies) are named here, or a modular launch would miss them.
  requires io.netty.codec.http2;
  requires io.netty.handler;
  requires io.netty.handler.proxy;
  requires io.netty.resolver.dns;
  requires static transitive org.jspecify;

  exports io.s64.emulator;
}

/**
 * The s64 library: a typed, non-blocking client of the Sixtyfour API ({@code io.s64}) and the
 * batch pipeline that runs thousands of jobs through it within the API's limits ({@code
 * io.s64.batch}, with its jobs, outcomes and events in {@code io.s64.job}, the sinks their rows go
 * to in {@code io.s64.sink} and the journal that makes a run resumable in {@code io.s64.journal}).
 *
 * <p>Exported: what a user names in code. The API's requests and responses ({@code model}), the
 * errors ({@code error}), the shared limits a client runs under and their interfaces for a
 * distributed implementation ({@code limits}), the poll schedule ({@code poll}), the HTTP seam
 * ({@code http}) and the webhook verifier ({@code webhook}). Not exported: {@code io.s64.internal}
 * (the call path, encoders and decoders). The batch's flows, its job tracker and its readers are
 * package-private in {@code io.s64.batch}; the budget and slot implementations in {@code limits}.
 */
@SuppressWarnings({"module", "requires-automatic"})
module io.s64.core {
  // Mono and Flux are in every public signature.
  requires transitive reactor.core;
  requires transitive org.reactivestreams;
  requires static transitive org.jspecify;

  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires com.github.benmanes.caffeine;
  requires io.github.bucket4j.core;
  requires org.slf4j;
  requires reactor.netty.core;
  requires reactor.netty.http;
  requires io.netty.buffer;
  requires io.netty.codec.http;
  requires io.netty.handler;
  requires io.netty.transport;
  // Reactor Netty is an automatic module and declares no requires: the Netty modules it loads at
  // run time are named here, or a modular launch would miss them.
  requires io.netty.codec.http2;
  requires io.netty.handler.proxy;
  requires io.netty.resolver.dns;
  // Optional: the meters, when the application gives the client or a batch a MeterRegistry. Only
  // the classes that record into one name its types, and they load only then.
  requires static micrometer.core;

  exports io.s64;
  exports io.s64.batch;
  exports io.s64.error;
  exports io.s64.http;
  exports io.s64.job;
  exports io.s64.journal;
  exports io.s64.limits;
  exports io.s64.model;
  exports io.s64.poll;
  exports io.s64.sink;
  exports io.s64.webhook;
  // The poll simulation of the benchmarks replays the learned schedule's belief on virtual time;
  // no one else sees the internals.
  exports io.s64.internal to io.s64.bench;

  // Dedup keys are the canonical JSON of the requests, written by Jackson.
  opens io.s64.model to com.fasterxml.jackson.databind;
}

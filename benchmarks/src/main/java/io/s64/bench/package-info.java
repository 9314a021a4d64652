/**
 * The s64 benchmarks: scenario benchmarks against the emulator (P1 slot efficiency, P2 mixed
 * batch, P5 memory) and JMH benchmarks (P3 HTTP overhead, P4 pipeline overhead), each measured
 * beside a baseline from the same run. {@link io.s64.bench.Suite} runs them all and writes {@code
 * results/latest.md}; each class's Javadoc gives the command that runs it alone.
 */
@NullMarked
package io.s64.bench;

import org.jspecify.annotations.NullMarked;

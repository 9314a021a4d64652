/**
 * A local server that speaks the Sixtyfour search and async enrichment API contract (with signed
 * webhook deliveries), for tests, demos and benchmarks.
 *
 * <p>Start one with {@link io.s64.emulator.Emulator#start(EmulatorConfig)} (a library, for JUnit
 * tests) or run {@link io.s64.emulator.EmulatorMain} (the standalone jar). Everything it does is
 * deterministic under {@link io.s64.emulator.EmulatorConfig#seed()}, and all of its time reads the
 * configured {@link java.time.InstantSource}, so a {@link io.s64.emulator.ManualClock} drives
 * search and job progression, webhook retries, rate windows and expiries without sleeping.
 *
 * <p>Public types: {@code Emulator}, {@code EmulatorConfig}, {@code DurationRange},
 * {@code FaultKind}, {@code EmulatorStats}, {@code SearchRecord}, {@code WebhookRecord},
 * {@code ManualClock} and {@code EmulatorMain}. Every other class is package-private.
 */
@NullMarked
package io.s64.emulator;

import org.jspecify.annotations.NullMarked;

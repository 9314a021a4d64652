/**
 * A local server that speaks the Sixtyfour search, async enrichment and workflows API contract
 * (with signed webhook deliveries), for tests, demos and benchmarks.
 *
 * <p>Start one with {@link io.s64.emulator.Emulator#start(EmulatorConfig)} (a library, for JUnit
 * tests) or run {@link io.s64.emulator.EmulatorMain} (the standalone jar). Everything it does is
 * deterministic under {@link io.s64.emulator.EmulatorConfig#seed()}, and all of its time reads the
 * configured {@link java.time.InstantSource}, so a {@link io.s64.emulator.ManualClock} drives
 * search and job progression, webhook retries, rate windows and expiries without sleeping.
 *
 * <p>Public types: {@code Emulator}, {@code EmulatorConfig}, {@code DurationRange},
 * {@code FaultKind}, {@code EmulatorStats}, {@code SearchRecord}, {@code WebhookRecord},
 * {@code ManualClock} and {@code EmulatorMain}. This is the module's one exported package; the
 * implementation sits in the packages below it, laid out like the API: {@code http} (the front,
 * routing and the gate), {@code search}, {@code enrichment}, {@code storage} and {@code webhook}
 * (each area's endpoints), {@code state}, {@code rows}, {@code limits}, {@code stats}, {@code
 * config} and {@code internal}.
 */
@NullMarked
package io.s64.emulator;

import org.jspecify.annotations.NullMarked;

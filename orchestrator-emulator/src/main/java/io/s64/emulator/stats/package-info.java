/**
 * What the emulator saw: the counters behind {@code /_emulator/stats} and the JSON of the
 * introspection routes.
 */
@NullMarked
package io.s64.emulator.stats;

import org.jspecify.annotations.NullMarked;

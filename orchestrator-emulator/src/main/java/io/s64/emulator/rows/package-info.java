/**
 * Deterministic result rows: a pure function of the seed, the query and the row index.
 */
@NullMarked
package io.s64.emulator.rows;

import org.jspecify.annotations.NullMarked;

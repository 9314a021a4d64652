/**
 * Limits and faults: the per-key rate windows, the ledger of rate pauses (which requests broke
 * one), and the seeded fault draw.
 */
@NullMarked
package io.s64.emulator.limits;

import org.jspecify.annotations.NullMarked;

/**
 * Limits and faults: the per-key rate windows and the seeded fault draw.
 */
@NullMarked
package io.s64.emulator.limits;

import org.jspecify.annotations.NullMarked;

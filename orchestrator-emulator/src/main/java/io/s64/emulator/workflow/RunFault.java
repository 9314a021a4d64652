package io.s64.emulator.workflow;

/**
 * Where a run goes wrong: a block fails (with an error message) or the run stalls (progress stops
 * for good, the run stays {@code running}) after a fraction of that block's rows.
 *
 * @param failed true for a failure, false for a stall
 * @param block the index of the block, in execution order
 * @param fraction how far through its rows the block gets, in {@code [0, 1)}
 * @param reason the error message's reason (failures)
 */
record RunFault(boolean failed, int block, double fraction, String reason) {}

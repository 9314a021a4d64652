/**
 * Workflows: definitions stored for the organization (and the demo workflows present from the
 * start), the block catalogue, validation of block graphs, runs whose progress is computed from
 * the clock, and the endpoints under {@code /workflows}. Result files are served by the storage
 * package.
 */
@NullMarked
package io.s64.emulator.workflow;

import org.jspecify.annotations.NullMarked;

/**
 * What the emulator holds in memory: searches, exports, stored files, page cursors and enrichment
 * jobs, with their status derived from the clock.
 */
@NullMarked
package io.s64.emulator.state;

import org.jspecify.annotations.NullMarked;

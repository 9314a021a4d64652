/**
 * The async enrichment endpoints: people and company intelligence starts and {@code
 * /job-status}.
 */
@NullMarked
package io.s64.emulator.enrichment;

import org.jspecify.annotations.NullMarked;

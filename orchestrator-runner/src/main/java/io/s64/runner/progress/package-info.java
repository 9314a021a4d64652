/**
 * Live progress on stderr, fed by {@code Batch.events()}: one status line redrawn about four times
 * a second on a terminal, a plain line every five seconds otherwise, or nothing.
 */
@NullMarked
package io.s64.runner.progress;

import org.jspecify.annotations.NullMarked;

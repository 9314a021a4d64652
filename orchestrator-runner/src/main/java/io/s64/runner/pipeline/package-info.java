/**
 * One {@code s64 run}: checks the options and the output folder, starts the embedded emulator when
 * asked, builds the client and the batch, streams the input through it into the output files,
 * shows progress, and ends with a summary and an exit code. Everything here is reactive; the only
 * blocking wait is the caller's, in {@code main}.
 */
@NullMarked
package io.s64.runner.pipeline;

import org.jspecify.annotations.NullMarked;

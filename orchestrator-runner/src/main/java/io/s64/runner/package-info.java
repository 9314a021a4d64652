/**
 * The {@code s64} command line: {@code s64 run INPUT [options]} runs a batch of Sixtyfour
 * searches with journal, resume and live progress; {@code s64 emulator [flags]} runs the local API
 * emulator in the foreground. {@link io.s64.runner.Main} is the entry point of the runnable jar.
 */
@NullMarked
package io.s64.runner;

import org.jspecify.annotations.NullMarked;

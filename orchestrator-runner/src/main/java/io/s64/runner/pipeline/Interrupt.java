package io.s64.runner.pipeline;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The signal that the user wants the run to stop (Ctrl-C or SIGTERM): fired once, from any thread;
 * the run stops taking input, cancels the batch, flushes and closes its files and ends with {@link
 * ExitCode#INTERRUPTED}.
 */
public final class Interrupt {
  private final Sinks.One<Boolean> fired = Sinks.one();
  private volatile boolean isFired;

  /** Fires the signal; later calls do nothing. */
  public void fire() {
    isFired = true;
    fired.tryEmitValue(Boolean.TRUE);
  }

  /** Emits when the signal fires. */
  public Mono<Boolean> fired() {
    return fired.asMono();
  }

  /** Whether it fired. */
  public boolean isFired() {
    return isFired;
  }
}

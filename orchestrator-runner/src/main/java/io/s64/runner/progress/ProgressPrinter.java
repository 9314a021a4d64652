package io.s64.runner.progress;

import io.s64.batch.BatchEvent;
import java.io.PrintStream;
import java.time.Duration;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Prints the {@link ProgressMeter}'s line on stderr, ending in the newest progress message of a
 * running search (shortened to fit): redrawn in place ({@code \r}, then erase to
 * the end of the line) about four times a second in {@link ProgressMode#TTY} mode, as a new line
 * every five seconds in {@link ProgressMode#PLAIN} mode, never in {@link ProgressMode#NONE} mode.
 * Printing runs on {@link Schedulers#boundedElastic()}. A single redrawn line needs no progress-bar
 * library.
 */
public final class ProgressPrinter {
  private static final String ERASE = "\r\u001b[K";
  /** The longest plain line (a log, not a terminal, so only long messages are cut). */
  private static final int PLAIN_WIDTH = 200;

  private final ProgressMode mode;
  private final PrintStream out;
  private final ProgressMeter meter;
  private final int width;
  private final Disposable.Composite running = Disposables.composite();
  private boolean drawn; // guarded by this

  /**
   * @param mode a resolved mode (not AUTO)
   * @param width the longest line to draw in TTY mode (the terminal's width)
   */
  public ProgressPrinter(ProgressMode mode, PrintStream out, ProgressMeter meter, int width) {
    this.mode = mode;
    this.out = out;
    this.meter = meter;
    this.width = Math.max(20, width);
  }

  /** Starts following the events and printing. */
  public void start(Flux<BatchEvent> events) {
    running.add(events.subscribe(meter::on, e -> { }));
    if (mode == ProgressMode.TTY || mode == ProgressMode.PLAIN) {
      Duration every = mode == ProgressMode.TTY ? Duration.ofMillis(250) : Duration.ofSeconds(5);
      running.add(Flux.interval(every, every, Schedulers.boundedElastic())
          .subscribe(tick -> draw(), e -> { }));
    }
  }

  private synchronized void draw() {
    String line = ProgressText.withMessage(meter.line(), meter.progressMessage(),
        mode == ProgressMode.TTY ? width - 1 : PLAIN_WIDTH);
    if (mode == ProgressMode.TTY) {
      out.print(ERASE + (line.length() > width - 1 ? line.substring(0, width - 1) : line));
      drawn = true;
    } else {
      out.println("s64: " + line);
    }
    out.flush();
  }

  /** Prints a message on its own line (a warning), keeping the status line below it. */
  public synchronized void note(String message) {
    if (drawn) {
      out.print(ERASE);
    }
    out.println(message);
    out.flush();
  }

  /** Stops printing and prints the final line (unless the mode is NONE). */
  public synchronized void finish(String summary) {
    running.dispose();
    if (drawn) {
      out.print(ERASE);
      drawn = false;
    }
    if (mode != ProgressMode.NONE) {
      out.println(summary);
    }
    out.flush();
  }
}

package io.s64.internal;

import java.util.concurrent.atomic.LongAdder;
import reactor.util.context.ContextView;

/**
 * Counts the HTTP requests made on behalf of one unit of work (a batch job): put a counter in
 * the Reactor context under {@link #KEY} and every request sent below it is added to it.
 */
public final class RequestCounter {
  /** The context key. */
  public static final Object KEY = RequestCounter.class;

  private RequestCounter() {}

  static void increment(ContextView context) {
    context.<LongAdder>getOrEmpty(KEY).ifPresent(LongAdder::increment);
  }
}

package io.s64.batch;

/**
 * A start without an idempotency key whose effect on the server is unknown: its answer was lost,
 * or was an error that does not prove nothing was done. The job ends {@code START_UNCERTAIN}.
 */
final class UncertainStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UncertainStartException(Throwable cause) {
    super("the start's outcome is unknown (" + cause.getMessage() + "); the job may be running"
        + " already and is not started again, to avoid paying twice", cause, false, false);
  }
}

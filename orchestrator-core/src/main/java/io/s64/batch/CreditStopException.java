package io.s64.batch;

import io.s64.job.Outcome;

/**
 * The run admits no more paid work: the API answered 402 (insufficient credits) or the run spent
 * its credit limit. The job that meets it ends {@code cancelled} with the reason; nothing of it
 * was started.
 */
final class CreditStopException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Outcome.Failure.Reason reason;
  private final int status;

  CreditStopException(Outcome.Failure.Reason reason, int status, String message) {
    super(message, null, false, false);
    this.reason = reason;
    this.status = status;
  }

  /** {@code INSUFFICIENT_CREDITS} or {@code CREDIT_LIMIT}. */
  Outcome.Failure.Reason reason() {
    return reason;
  }

  /** 402 when the API refused a start, else 0. */
  int status() {
    return status;
  }
}

package io.s64.runner.pipeline;

/** The exit codes of {@code s64 run}. */
public final class ExitCode {
  /** Every job completed, or was a duplicate of one that did. */
  public static final int OK = 0;
  /** Some job failed, timed out, was invalid or was cancelled. */
  public static final int SOME_FAILED = 1;
  /** A usage or input error: a bad option, an unreadable input, an unusable output folder. */
  public static final int USAGE = 2;
  /** The API refused the key (HTTP 401); the run stopped. */
  public static final int AUTHENTICATION = 3;
  /** Interrupted by SIGINT or SIGTERM; the run can be resumed. */
  public static final int INTERRUPTED = 130;

  private ExitCode() {}
}

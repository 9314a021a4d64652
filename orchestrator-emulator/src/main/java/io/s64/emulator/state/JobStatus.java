package io.s64.emulator.state;

/**
 * The status of an enrichment job as {@code GET /job-status/{job_id}} spells it: the lowercase
 * names of Temporal workflow states. A job is {@code running} until it ends, then takes its one
 * terminal status.
 */
public enum JobStatus {
  RUNNING("running"),
  COMPLETED("completed"),
  FAILED("failed"),
  CANCELLED("cancelled"),
  TERMINATED("terminated"),
  TIMED_OUT("timed_out");

  private final String wire;

  JobStatus(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public boolean terminal() {
    return this != RUNNING;
  }
}

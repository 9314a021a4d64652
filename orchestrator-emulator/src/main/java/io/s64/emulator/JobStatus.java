package io.s64.emulator;

/**
 * The status of an enrichment job as {@code GET /job-status/{job_id}} spells it: the lowercase
 * names of Temporal workflow states. A job is {@code running} until it ends, then takes its one
 * terminal status.
 */
enum JobStatus {
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

  String wire() {
    return wire;
  }

  boolean terminal() {
    return this != RUNNING;
  }
}

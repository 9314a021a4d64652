package io.s64.emulator;

/** The status of a deep search or an export, as the status endpoint spells it. */
enum TaskStatus {
  QUEUED("queued"),
  RUNNING("running"),
  COMPLETED("completed"),
  FAILED("failed");

  private final String wire;

  TaskStatus(String wire) {
    this.wire = wire;
  }

  String wire() {
    return wire;
  }

  boolean terminal() {
    return this == COMPLETED || this == FAILED;
  }
}

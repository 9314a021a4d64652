package io.s64.emulator.state;

/** The status of a deep search or an export, as the status endpoint spells it. */
public enum TaskStatus {
  QUEUED("queued"),
  RUNNING("running"),
  COMPLETED("completed"),
  FAILED("failed");

  private final String wire;

  TaskStatus(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public boolean terminal() {
    return this == COMPLETED || this == FAILED;
  }
}

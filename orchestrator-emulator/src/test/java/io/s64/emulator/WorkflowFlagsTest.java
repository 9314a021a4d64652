package io.s64.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The workflow flags: read, checked with a message naming flag and value, listed and helped. */
class WorkflowFlagsTest {
  @Test
  void readsTheWorkflowFlags() {
    EmulatorConfig config = EmulatorConfig.parse("--workflow-row-time", "250ms",
        "--workflow-fail-rate=0.25", "--workflow-stall-rate", "0.5");
    assertEquals(Duration.ofMillis(250), config.workflowRowTime());
    assertEquals(0.25, config.workflowFailRate());
    assertEquals(0.5, config.workflowStallRate());
    assertTrue(config.toString().contains("workflowRowTime=250ms"), config.toString());
  }

  @Test
  void defaultsLetTenThousandRowsTakeAWhile() {
    EmulatorConfig config = EmulatorConfig.builder().build();
    assertEquals(Duration.ofMillis(20), config.workflowRowTime());
    assertEquals(0.0, config.workflowFailRate());
    assertEquals(0.0, config.workflowStallRate());
  }

  @Test
  void badValuesNameTheFlagAndTheValue() {
    IllegalArgumentException rate = assertThrows(IllegalArgumentException.class,
        () -> EmulatorConfig.parse("--workflow-fail-rate", "1.5"));
    assertTrue(rate.getMessage().startsWith("flag --workflow-fail-rate '1.5': "),
        rate.getMessage());
    IllegalArgumentException time = assertThrows(IllegalArgumentException.class,
        () -> EmulatorConfig.parse("--workflow-row-time", "-5ms"));
    assertTrue(time.getMessage().contains("--workflow-row-time '-5ms'"), time.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> EmulatorConfig.builder().workflowStallRate(-0.1));
  }

  @Test
  void theHelpListsThem() {
    String usage = EmulatorConfig.usage();
    for (String flag : new String[] {"--workflow-row-time DURATION", "--workflow-fail-rate P",
        "--workflow-stall-rate P"}) {
      assertTrue(usage.contains(flag), flag + " in\n" + usage);
    }
  }
}

package io.s64.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.Sixtyfour;
import io.s64.job.Outcome;
import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import io.s64.model.Row;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README examples run against the emulator, so the README never shows code that fails. */
class LibraryExampleTest {

  @Test
  void theClientExampleReadsEveryPage() {
    try (Emulator emulator = Emulator.start(EmulatorConfig.builder().port(0).build())) {
      List<Row> rows = LibraryExample.companiesInGermany("sk_example", emulator.baseUrl())
          .collectList().block(Duration.ofSeconds(20));
      assertTrue(rows.size() >= 20, "rows: " + rows.size());
      assertEquals(emulator.stats().rowsTotal().values().iterator().next(), Long.valueOf(rows.size()));
    }
  }

  @Test
  void theBatchExampleEndsEveryQueryInAnOutcome() {
    try (Emulator emulator = Emulator.start(EmulatorConfig.builder().port(0)
        .searchDuration(Duration.ofMillis(100), Duration.ofMillis(300)).build())) {
      Sixtyfour api = Sixtyfour.builder().apiKey("sk_example").baseUrl(emulator.baseUrl()).build();
      // The example keeps the default schedule, whose prior is the docs' 30-120 s: its first poll
      // comes at about 38 s and sees both searches ended.
      List<Outcome> outcomes = LibraryExample.prospect(api, List.of("CTOs in Berlin", "CFOs in Paris"))
          .block(Duration.ofSeconds(90));
      assertEquals(2, outcomes.size());
      assertTrue(outcomes.stream().allMatch(o -> o.status() == Outcome.Status.COMPLETED), outcomes.toString());
      api.close().block(Duration.ofSeconds(5));
    }
  }
}

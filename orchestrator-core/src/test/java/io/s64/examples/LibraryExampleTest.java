package io.s64.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.Sixtyfour;
import io.s64.job.Outcome;
import io.s64.sink.RowSink;
import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import io.s64.model.Row;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

  @Test
  void theWorkflowExampleEnrichesEveryLeadOnce() {
    try (Emulator emulator = Emulator.start(EmulatorConfig.builder().port(0)
        .workflowRowTime(Duration.ofMillis(1)).build())) {
      Sixtyfour api = Sixtyfour.builder().apiKey("sk_example").baseUrl(emulator.baseUrl()).build();
      List<Map<String, ?>> leads = new java.util.ArrayList<>();
      for (int i = 0; i < 3; i++) {
        leads.add(Map.of("full_name", "Lead Number" + i, "company", "Company " + i));
      }
      RowSink.InMemory rows = RowSink.inMemory();
      // The example keeps the documented 5-10 s live-status cadence: one or two polls.
      Outcome o = LibraryExample.enrichLeads(api, "6400000a-0000-4000-8000-000000000001", leads, rows)
          .block(Duration.ofSeconds(40));
      assertEquals(Outcome.Status.COMPLETED, o.status(), String.valueOf(o));
      assertEquals(3, rows.rows("leads").size());
      assertTrue(rows.rows("leads").stream().allMatch(r -> r.get("email") != null), rows.rows("leads").toString());
      api.close().block(Duration.ofSeconds(5));
    }
  }
}

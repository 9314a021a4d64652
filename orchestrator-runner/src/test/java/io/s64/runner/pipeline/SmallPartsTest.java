package io.s64.runner.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.model.DeepSearchRequest;
import io.s64.runner.input.InputDefaults;
import io.s64.runner.output.JsonLines;
import io.s64.runner.progress.ProgressMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmallPartsTest {
  @TempDir Path dir;

  private static RunOptions options(String keyEnv, Path keyFile) {
    return new RunOptions("in.jsonl", Path.of("out"), InputDefaults.api(), false, false, null, keyEnv,
        keyFile, 500, Duration.ofSeconds(60), 5, null, true, Duration.ofMinutes(30), false,
        ProgressMode.NONE, false, false, List.of(), WorkflowOptions.defaults(), null,
        null);
  }

  @Test
  void theResumeCommandRepeatsTheArgumentsQuotedOnceWithResume() {
    assertEquals("./s64 run 'my jobs.jsonl' --out out --resume",
        ResumeHint.command("./s64", List.of("my jobs.jsonl", "--resume", "--out", "out")));
    assertEquals("'it'\\''s'", ResumeHint.quote("it's"));
    assertEquals("--base-url=http://127.0.0.1:80", ResumeHint.quote("--base-url=http://127.0.0.1:80"));
  }

  @Test
  void theKeyComesFromTheDefaultVariableAndNeverShowsInToString() {
    ApiKeys.Key key = ApiKeys.resolve(options(null, null), name ->
        name.equals("SIXTYFOUR_API_KEY") ? "sk-secret" : null);
    assertEquals("sk-secret", key.value());
    assertFalse(key.toString().contains("sk-secret"));
  }

  @Test
  void aMissingKeySaysHowToSetOne() {
    UsageException e = assertThrows(UsageException.class, () -> ApiKeys.resolve(options(null, null), n -> null));
    assertTrue(e.getMessage().startsWith("no API key: set the environment variable SIXTYFOUR_API_KEY"),
        e.getMessage());
  }

  @Test
  void aNamedVariableThatIsUnsetIsNamed() {
    UsageException e = assertThrows(UsageException.class, () -> ApiKeys.resolve(options("MY_KEY", null), n -> null));
    assertEquals("--api-key-env MY_KEY: the environment variable MY_KEY is not set or empty", e.getMessage());
  }

  @Test
  void aKeyFileIsReadWithoutItsNewline() throws IOException {
    Path f = Files.writeString(dir.resolve("key"), "sk-from-file\n");
    assertEquals("sk-from-file", ApiKeys.resolve(options(null, f), n -> null).value());
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    assertThrows(UsageException.class, () -> ApiKeys.resolve(options(null, empty), n -> null));
    assertThrows(UsageException.class, () -> ApiKeys.resolve(options("X", f), n -> "v"));
  }

  @Test
  void aFreshRunNeedsAnEmptyFolderAndAResumeNeedsAJournal() throws IOException {
    OutDir absent = new OutDir(dir.resolve("new"));
    assertFalse(absent.prepare(false));
    assertTrue(Files.isDirectory(dir.resolve("new")));
    Files.writeString(dir.resolve("new/journal.jsonl"), "{}\n");
    assertThrows(UsageException.class, () -> new OutDir(dir.resolve("new")).prepare(false));
    assertTrue(new OutDir(dir.resolve("new")).prepare(true));
    Files.createDirectories(dir.resolve("other"));
    Files.writeString(dir.resolve("other/notes.txt"), "x");
    UsageException e = assertThrows(UsageException.class, () -> new OutDir(dir.resolve("other")).prepare(true));
    assertTrue(e.getMessage().contains("holds no journal.jsonl"), e.getMessage());
    assertFalse(new OutDir(dir.resolve("empty-resume")).prepare(true), "nothing to resume: a new run");
  }

  @Test
  void theSummaryCountsEveryStatusAndRoundsTheEfficiency() throws IOException {
    Map<Outcome.Status, Long> by = new EnumMap<>(Outcome.Status.class);
    for (Outcome.Status s : Outcome.Status.values()) {
      by.put(s, 0L);
    }
    by.put(Outcome.Status.COMPLETED, 18L);
    by.put(Outcome.Status.DUPLICATE, 2L);
    RunSummary s = new RunSummary("/in.jsonl", Path.of("out"), false, false, 0, by, 2140, 212, 1, 2, 3,
        Duration.ofSeconds(14), 0.78456, Instant.EPOCH, Instant.EPOCH.plusSeconds(14),
        credits());
    assertEquals("s64: 20 jobs (18 completed, 2 duplicate) | 2140 rows | 212 requests, 3 429s,"
        + " 3 retries | 0:14 | slot efficiency 0.78 | output in out", s.line());
    JsonNode j = JsonLines.MAPPER.readTree(s.json());
    assertEquals(20, j.get("jobs").asInt());
    assertEquals(0, j.get("by_status").get("cancelled").asInt());
    assertEquals(1, j.get("http_429").get("rate_limited").asInt());
    assertEquals(2, j.get("http_429").get("slots_busy").asInt());
    assertEquals(0.785, j.get("slot_efficiency").asDouble());
    assertEquals(14_000, j.get("wall_time_ms").asLong());
    JsonNode credits = j.get("credits");
    assertEquals(0, new java.math.BigDecimal("12.5").compareTo(credits.get("spent").decimalValue()));
    assertEquals(0, new java.math.BigDecimal("2.5").compareTo(credits.get("charged_by_jobs").decimalValue()));
    assertEquals(1000, credits.get("balance_at_start").asInt());
    assertTrue(credits.get("max").isNull());
  }

  /** A run that spent 12.5 credits, 2.5 of them reported by one enrichment job in cents. */
  private static Map<String, @org.jspecify.annotations.Nullable Object> credits() {
    Credits c = new Credits();
    c.atStart(new java.math.BigDecimal("1000"));
    c.atEnd(new java.math.BigDecimal("987.5"));
    io.s64.model.Row charged = io.s64.model.Row.of(Map.of("task_id", "t", "charge_amount", 25));
    c.counting(io.s64.sink.RowSink.discarding())
        .write(io.s64.job.Job.deep("x", io.s64.model.DeepSearchRequest.of("q")), java.util.List.of(charged))
        .block();
    return c.json(null);
  }

  @Test
  void theTallyCountsSlotTimeOfDeepSearchesOnly() {
    Tally t = new Tally();
    Instant t0 = Instant.EPOCH;
    t.add(new Outcome("d", io.s64.job.Job.Kind.DEEP, Outcome.Status.COMPLETED, 5, "t", "s", null, null, null, t0, t0.plusSeconds(1),
        t0.plusSeconds(31), t0.plusSeconds(32), 3));
    t.add(new Outcome("e", io.s64.job.Job.Kind.FILTER, Outcome.Status.COMPLETED, 5, "t2", "s2", null, null, null, t0, t0,
        t0.plusSeconds(100), t0.plusSeconds(100), 3));
    t.add(new Outcome("k", io.s64.job.Job.Kind.FILTER, Outcome.Status.FAILED, 0, null, null,
        new Outcome.Failure(Outcome.Failure.Reason.API_ERROR, 401, "Invalid API key"), null, null, t0,
        null, null, t0, 1));
    assertEquals(Duration.ofSeconds(30), t.slotTime());
    assertEquals(10, t.rows());
    assertTrue(t.refused());
    assertEquals(2L, t.byStatus(Map.of()).get(Outcome.Status.COMPLETED));
    assertEquals(3L, t.byStatus(Map.of(Outcome.Status.COMPLETED, 1L)).get(Outcome.Status.COMPLETED));
  }
}

package io.s64.runner.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.s64.job.BatchEvent;
import io.s64.job.Outcome;
import io.s64.limits.RequestBudget;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressMeterTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  private final AtomicLong clock = new AtomicLong();

  private static BatchEvent.Snapshot snapshot(int inUse, long granted, long rate429, long busy429, long retries) {
    return new BatchEvent.Snapshot(inUse, 5, 0, new RequestBudget.State(500, Duration.ofSeconds(60), 400, null,
        null, null, 0, 0, 0, 0, granted, rate429, busy429), retries);
  }

  private static BatchEvent.Finished finished(String id) {
    return new BatchEvent.Finished(new Outcome(id, io.s64.job.Job.Kind.DEEP, Outcome.Status.COMPLETED, 0, null, null, null, null,
        null, T0, null, null, T0, 1));
  }

  private void advance(Duration d) {
    clock.addAndGet(d.toNanos());
  }

  @Test
  void beforeAnySnapshotTheLineShowsJobsRowsAndTime() {
    ProgressMeter m = new ProgressMeter(clock::get, 0, 0);
    m.read();
    m.read();
    advance(Duration.ofSeconds(3));
    assertEquals("jobs 0 done, 2 read | rows 0 | 0:03", m.line());
  }

  @Test
  void theLineShowsEverythingTheBriefAsksForWithAnEtaOnceTheTotalIsKnown() {
    ProgressMeter m = new ProgressMeter(clock::get, 2, 100);
    m.total(12);
    m.on(finished("a"));
    m.on(finished("b"));
    m.on(new BatchEvent.Committed("c", "s", "cur", 0, 40, 40, false));
    advance(Duration.ofSeconds(20));
    m.on(snapshot(3, 90, 1, 2, 4));
    assertEquals("jobs 4/12 | deep 3/5 | rows 140 | req 90/500 per 1m | 429s 3 | retries 4 | 0:20"
        + " | ETA 1:20", m.line());
  }

  @Test
  void requestsAreCountedOverTheTrailingWindowFromTheLastSampleBeforeIt() {
    ProgressMeter m = new ProgressMeter(clock::get, 0, 0);
    advance(Duration.ofSeconds(30));
    m.on(snapshot(0, 100, 0, 0, 0));
    m.line();
    advance(Duration.ofSeconds(40));
    m.on(snapshot(0, 160, 0, 0, 0));
    m.line();
    advance(Duration.ofSeconds(40));
    m.on(snapshot(0, 200, 0, 0, 0));
    assertEquals("req 100/500", m.line().replaceAll(".*\\| (req \\d+/\\d+) per.*", "$1"),
        "counted from the last sample at or before the window's start (30 s), not from 0");
  }

  @Test
  void noEtaBeforeTheFirstJobOfThisRunEnds() {
    ProgressMeter m = new ProgressMeter(clock::get, 5, 0);
    m.total(10);
    advance(Duration.ofMinutes(61));
    assertEquals("jobs 5/10 | rows 0 | 1:01:00", m.line());
  }

  private static BatchEvent.Polled poll(String job, String status, String message) {
    return new BatchEvent.Polled(job, "t-" + job, status, message, 2, 1);
  }

  @Test
  void theNewestProgressMessageOfARunningSearchIsShownUntilItEnds() {
    ProgressMeter m = new ProgressMeter(clock::get, 0, 0);
    assertNull(m.progressMessage());
    m.on(poll("a", "running", "Searching (iteration 1 of 3)"));
    m.on(poll("b", "queued", "Queued: waiting for a search worker"));
    assertEquals("b: Queued: waiting for a search worker", m.progressMessage());
    m.on(poll("a", "running", "Searching (iteration 2 of 3)"));
    assertEquals("a: Searching (iteration 2 of 3)", m.progressMessage());
    m.on(poll("a", "completed", "Finalizing results"));
    assertEquals("b: Queued: waiting for a search worker", m.progressMessage(), "a is no longer running");
    m.on(new BatchEvent.Polled("e", "job-1", "running", null, null, 0));
    assertEquals("b: Queued: waiting for a search worker", m.progressMessage(), "a poll without a message");
    m.on(finished("b"));
    assertNull(m.progressMessage(), "nothing runs any more");
  }

  @Test
  void theProgressMessageIsShortenedToFitTheTerminal() {
    String line = "jobs 3/20 | rows 140 | 0:20";
    String message = "deep-7: Searching (iteration 2 of 3)";
    assertEquals(line + " | " + message, ProgressText.withMessage(line, message, 79));
    assertEquals(line + " | " + message, ProgressText.withMessage(line, message, line.length() + 3 + message.length()));
    String cut = ProgressText.withMessage(line, message, 50);
    assertEquals(line + " | deep-7: Searching...", cut);
    assertEquals(50, cut.length());
    assertEquals(line, ProgressText.withMessage(line, message, line.length() + 3 + ProgressText.MIN_MESSAGE - 1),
        "no room worth using: left out");
    assertEquals(line, ProgressText.withMessage(line, null, 79));
    assertEquals(line + " | a: two lines", ProgressText.withMessage(line, "a: two\r\nlines", 79),
        "a server's line break cannot break the redrawn line");
  }

  @Test
  void timesAreSpelledShortly() {
    assertEquals("0:00", ProgressText.clock(Duration.ZERO));
    assertEquals("2:05", ProgressText.clock(Duration.ofSeconds(125)));
    assertEquals("1:00:01", ProgressText.clock(Duration.ofSeconds(3601)));
    assertEquals("1m", ProgressText.duration(Duration.ofSeconds(60)));
    assertEquals("90s", ProgressText.duration(Duration.ofSeconds(90)));
    assertEquals("250ms", ProgressText.duration(Duration.ofMillis(250)));
    assertEquals("2h", ProgressText.duration(Duration.ofHours(2)));
  }

  @Test
  void autoModeFollowsTheConsole() {
    assertEquals(ProgressMode.TTY, ProgressMode.AUTO.resolve(true));
    assertEquals(ProgressMode.PLAIN, ProgressMode.AUTO.resolve(false));
    assertEquals(ProgressMode.NONE, ProgressMode.NONE.resolve(true));
  }

  @Test
  void theLineShowsWorkflowRunsInFlightTheOldestRunsBlockAndTheRowsProcessed() {
    ProgressMeter m = new ProgressMeter(clock::get, 0, 0);
    m.on(new BatchEvent.Admitted("w", io.s64.job.Job.Kind.WORKFLOW, null));
    m.on(new BatchEvent.Started("w", "run-a", null));
    m.on(new BatchEvent.Started("w", "run-b", null));
    m.on(new BatchEvent.RunPolled("w", "run-b", "running", "find_email", 80, 60, 300));
    m.on(new BatchEvent.RunPolled("w", "run-a", "running", "lead_enrichment", 45.4, 30, 120));
    advance(Duration.ofSeconds(5));
    assertEquals("jobs 0 done, 0 read | rows 0 | runs 2 (lead_enrichment 45%) | processed 420 | 0:05",
        m.line());
    m.on(new BatchEvent.Terminal("w", "run-a", "completed", null, null, null));
    assertEquals("runs 1 (find_email 80%) | processed 420", m.workflowRuns());
    m.on(finished("w"));
    assertEquals("runs 0 | processed 420", m.workflowRuns());
  }
}

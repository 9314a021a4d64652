package io.s64.runner.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.job.BatchEvent;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.sink.RowSink;
import io.s64.model.DeepSearchRequest;
import io.s64.model.QueryRequest;
import io.s64.model.Row;
import io.s64.runner.output.AppendFile;
import io.s64.runner.output.FileJournal;
import io.s64.runner.output.JournalJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

/** Writes a run's files through the real journal and sink, then reads them back for resume. */
class ResumeStateTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  @TempDir Path dir;
  private Path outcomes;
  private Path journal;
  private Path results;
  private FileJournal files;
  private RowSink sink;

  @BeforeEach
  void open() throws IOException {
    outcomes = dir.resolve("outcomes.jsonl");
    journal = dir.resolve("journal.jsonl");
    results = dir.resolve("results.jsonl");
    AppendFile j = new AppendFile(journal);
    j.append(JournalJson.header(T0.toString(), "/data/in.jsonl", false, Map.of("page_size", 100)));
    files = new FileJournal(j, new AppendFile(outcomes));
    sink = RowSink.jsonLines(results);
  }

  private static Job deep(String id) {
    return Job.deep(id, DeepSearchRequest.of("query of " + id));
  }

  private static Row row(String id) {
    return Row.of(Map.of("id", id, "full_name", "Name " + id, "score", 3));
  }

  private void record(BatchEvent... events) {
    Flux.fromArray(events).concatMap(files::record).then().block(WAIT);
  }

  private void write(Job job, Row... rows) {
    sink.write(job, List.of(rows)).block(WAIT);
  }

  private static Outcome outcome(String id, Outcome.Status status, Outcome.Failure failure) {
    return new Outcome(id, io.s64.job.Job.Kind.DEEP, status, 0, null, null, failure, null, null, T0, null, null, T0, 1);
  }

  private ResumeState load() throws IOException {
    files.close().block(WAIT);
    sink.close().block(WAIT);
    return ResumeState.load(outcomes, journal, results);
  }

  @Test
  void aFinishedJobIsSkipped() throws IOException {
    record(new BatchEvent.Admitted("done", Job.Kind.DEEP, "s-0"),
        new BatchEvent.Finished(outcome("done", Outcome.Status.COMPLETED, null)));
    ResumeState state = load();
    assertNull(state.apply(deep("done"), true));
    assertEquals(1L, state.kept().get(Outcome.Status.COMPLETED));
    assertEquals("/data/in.jsonl", state.earlierInput());
    assertEquals(Map.of("page_size", "100"), state.earlierOptions());
  }

  @Test
  void aJobPagingResultsResumesFromItsCursorKnowingEveryRowAlreadyWritten() throws IOException {
    Job job = deep("paging");
    record(new BatchEvent.Admitted("paging", Job.Kind.DEEP, "s-1"),
        new BatchEvent.Started("paging", "t-1", "s-1"),
        new BatchEvent.Terminal("paging", "t-1", "completed", "s-1", "rh-1", null));
    write(job, row("p1"), row("p2"));
    record(new BatchEvent.Committed("paging", "s-1", "cursor-2", 0, 2, 2, false));
    write(job, row("p3"));  // written, then the process died before the commit
    Job.Resume r = load().apply(job, true).resume();
    assertEquals("s-1", r.progress().searchId());
    assertEquals("t-1", r.progress().taskId());
    assertEquals("cursor-2", r.progress().cursor());
    assertEquals(3, r.progress().rows());
    assertEquals(Set.of(row("p1").key(), row("p2").key(), row("p3").key()), r.deliveredKeys());
    assertFalse(r.progress().complete());
  }

  @Test
  void anUnacknowledgedStartIsRetriedWithTheSameSearchId() throws IOException {
    record(new BatchEvent.Admitted("unacked", Job.Kind.DEEP, "s-2"));
    Job.Resume r = load().apply(deep("unacked"), true).resume();
    assertEquals("s-2", r.progress().searchId());
    assertNull(r.progress().taskId());
    assertEquals(0, r.progress().rows());
  }

  @Test
  void aJobWhoseLastPageWasCommittedOnlyLacksItsOutcome() throws IOException {
    Job job = Job.query("f", QueryRequest.simpleFilters(Map.of("a", 1)));
    record(new BatchEvent.Admitted("f", Job.Kind.FILTER, null));
    write(job, row("x"));
    record(new BatchEvent.Committed("f", "s-f", null, 0, 1, 1, true));
    Job.Resume r = load().apply(job, true).resume();
    assertTrue(r.progress().complete());
    assertEquals("s-f", r.progress().searchId());
    assertNull(r.progress().cursor());
  }

  @Test
  void csvDownloadsResumeFromTheirByteOffset() throws IOException {
    record(new BatchEvent.Admitted("csv", Job.Kind.DEEP, "s-3"),
        new BatchEvent.Started("csv", "t-3", "s-3"),
        new BatchEvent.Committed("csv", "s-3", null, 8123, 500, 500, false));
    assertEquals(8123, load().apply(deep("csv"), true).resume().progress().byteOffset());
  }

  @Test
  void cancelledTimedOutInvalidAndRefusedJobsRunAgainAndLoseTheirOldOutcomeLine() throws IOException {
    record(new BatchEvent.Admitted("c", Job.Kind.DEEP, "s-c"),
        new BatchEvent.Started("c", "t-c", "s-c"),
        new BatchEvent.Finished(outcome("c", Outcome.Status.CANCELLED, null)),
        new BatchEvent.Finished(outcome("t", Outcome.Status.TIMED_OUT, null)),
        new BatchEvent.Finished(outcome("i", Outcome.Status.INVALID, null)),
        new BatchEvent.Finished(outcome("k", Outcome.Status.FAILED,
            new Outcome.Failure(Outcome.Failure.Reason.API_ERROR, 401, "Invalid API key"))),
        new BatchEvent.Finished(outcome("f", Outcome.Status.FAILED,
            new Outcome.Failure(Outcome.Failure.Reason.API_ERROR, 403, "Forbidden"))));
    ResumeState state = load();
    Job c = state.apply(deep("c"), true);
    assertEquals("t-c", c.resume().progress().taskId(), "the cancelled search is re-attached");
    assertSame(Job.Kind.DEEP, state.apply(deep("t"), true).kind());
    assertSame(Job.Kind.DEEP, state.apply(deep("i"), true).kind());
    assertSame(Job.Kind.DEEP, state.apply(deep("k"), true).kind());
    assertNull(state.apply(deep("f"), true), "a 403 failure is final");
    List<String> left = Files.readAllLines(outcomes).stream()
        .map(l -> l.substring(0, l.indexOf(',')))
        .collect(Collectors.toList());
    assertEquals(List.of("{\"job_id\":\"f\""), left);
    assertTrue(state.notes().contains("4 jobs cancelled, timed out, invalid or refused with HTTP 401 will run again"),
        state.notes().toString());
  }

  @Test
  void tornLastLinesAreCutBeforeReading() throws IOException {
    Job job = deep("torn");
    record(new BatchEvent.Admitted("torn", Job.Kind.DEEP, "s-4"));
    write(job, row("r1"));
    files.close().block(WAIT);
    sink.close().block(WAIT);
    Files.writeString(results, "{\"_job_id\":\"torn\",\"id\":\"r2\",\"full_na", StandardOpenOption.APPEND);
    Files.writeString(outcomes, "{\"job_id\":\"torn\",\"status\":\"compl", StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    Files.writeString(journal, "{\"type\":\"started\",\"job\":\"torn\",\"task_", StandardOpenOption.APPEND);
    ResumeState state = ResumeState.load(outcomes, journal, results);
    Job.Resume r = state.apply(job, true).resume();
    assertEquals(Set.of(row("r1").key()), r.deliveredKeys(), "the torn row is not counted");
    assertNull(r.progress().taskId(), "the torn started line is not read");
    assertEquals(0, Files.size(outcomes));
    assertTrue(Files.readString(results).endsWith("\n"));
    assertEquals(3, state.notes().stream().filter(n -> n.startsWith("cut a torn last line")).count());
  }

  @Test
  void withoutReattachingOnlyTheWrittenRowsAreKept() throws IOException {
    Job job = deep("fresh");
    record(new BatchEvent.Admitted("fresh", Job.Kind.DEEP, "s-5"),
        new BatchEvent.Started("fresh", "t-5", "s-5"));
    write(job, row("a"));
    record(new BatchEvent.Committed("fresh", "s-5", "c", 0, 1, 1, false));
    Job.Resume r = load().apply(job, false).resume();
    assertNull(r.progress().searchId());
    assertNull(r.progress().taskId());
    assertNull(r.progress().cursor());
    assertEquals(Set.of(row("a").key()), r.deliveredKeys());
  }

  @Test
  void aJobWhoseKindChangedStartsOver() throws IOException {
    record(new BatchEvent.Admitted("x", Job.Kind.FILTER, null),
        new BatchEvent.Committed("x", "s-x", "c", 0, 1, 1, false));
    assertNull(load().apply(deep("x"), true).resume());
  }

  @Test
  void anEmptyFolderResumesNothing() throws IOException {
    ResumeState state = ResumeState.load(dir.resolve("a"), dir.resolve("b"), dir.resolve("c"));
    Job job = deep("any");
    assertSame(job, state.apply(job, true));
    assertEquals(0, state.keptJobs());
  }

  @Test
  void aCorruptLineInTheMiddleIsReportedWithItsFileAndLine() throws IOException {
    Files.writeString(outcomes, "{\"job_id\":\"a\",\"status\":\"completed\"}\nnot json\n{}\n");
    IOException e = assertThrows(IOException.class,
        () -> ResumeState.load(outcomes, journal, results));
    assertTrue(e.getMessage().startsWith("outcomes.jsonl line 2 is not valid JSON"), e.getMessage());
  }

  @Test
  void aWorkflowJobKeepsTheRunItWasReadingAndItsOffsetEvenOnANewEmulator() throws IOException {
    Job w = Job.workflow("w", "wf", List.of(Map.of("name", "a"), Map.of("name", "b")), 1, false);
    record(new BatchEvent.Admitted("w", Job.Kind.WORKFLOW, null),
        new BatchEvent.Started("w", "run-1", null),
        new BatchEvent.Started("w", "run-2", null),
        new BatchEvent.Committed("w", null, "run 1", 0, 1, 0, false),
        new BatchEvent.Committed("w", null, "run 1", 120, 3, 2, false));
    write(w, Row.of(Map.of("_run_id", "run-1", "_row", 1, "name", "a")));
    load();
    for (boolean reattach : new boolean[] {true, false}) {
      Job.Resume r = ResumeState.load(outcomes, journal, results).apply(w, reattach).resume();
      assertEquals("run 1", r.progress().cursor(), "reattach " + reattach);
      assertEquals(120, r.progress().byteOffset());
      assertEquals(java.util.Set.of("run:run-1#1"), r.deliveredKeys());
    }
  }

  @Test
  void aWorkflowJobGetsBackTheRunIdsItsJournalRecordedByRunAndAttempt() throws IOException {
    Job w = Job.workflow("w", "wf", List.of(Map.of("n", 1), Map.of("n", 2), Map.of("n", 3)), 1, false);
    record(new BatchEvent.Admitted("w", Job.Kind.WORKFLOW, null),
        new BatchEvent.Started("w", "run-a", null, new BatchEvent.RunSlot(0, 0)),
        new BatchEvent.Started("w", "run-c", null, new BatchEvent.RunSlot(2, 0)),
        new BatchEvent.Terminal("w", "run-c", Job.RunStart.STALLED, null, null, "no progress; cancelled"),
        new BatchEvent.Started("w", "run-c2", null, new BatchEvent.RunSlot(2, 1)),
        new BatchEvent.Started("w", "run-a", null, new BatchEvent.RunSlot(0, 0)),
        new BatchEvent.Terminal("w", "run-a", "completed", null, null, null));
    String journalled = Files.readString(journal);
    assertTrue(journalled.contains("\"task_id\":\"run-c2\",\"search_id\":null,\"run\":2,\"attempt\":1"),
        journalled);
    ResumeState state = load();
    Job.Progress p = state.apply(w, true).resume().progress();
    // Run 1's start was never journalled: the resumed job starts it again under its key.
    assertEquals(Map.of(0, new Job.RunStart(0, 0, "run-a", null, false),
        2, new Job.RunStart(2, 1, "run-c2", "run-c", false)), p.runs());

    Job.Progress onANewServer = ResumeState.load(outcomes, journal, results).apply(w, false)
        .resume().progress();
    assertEquals(Map.of(), onANewServer.runs(), "a new server does not know the earlier run ids");
  }

  @Test
  void aStartLineWithoutARunFromAnEarlierVersionNamesNoRunAndAStalledRunIsMarked() throws IOException {
    Job w = Job.workflow("old", "wf", List.of(Map.of("n", 1), Map.of("n", 2)), 1, false);
    record(new BatchEvent.Admitted("old", Job.Kind.WORKFLOW, null),
        new BatchEvent.Started("old", "run-x", null),
        new BatchEvent.Started("old", "run-y", null, new BatchEvent.RunSlot(1, 0)),
        new BatchEvent.Terminal("old", "run-y", Job.RunStart.STALLED, null, null, "no progress; cancelled"));
    assertEquals(Map.of(1, new Job.RunStart(1, 0, "run-y", null, true)),
        load().apply(w, true).resume().progress().runs());
  }
}

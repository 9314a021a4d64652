package io.s64.runner.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.s64.batch.BatchEvent;
import io.s64.batch.Job;
import io.s64.batch.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** The journal's outcome lines keep what the status polls said, though polls are not journaled. */
class FileJournalTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  @TempDir Path dir;

  private static BatchEvent.Finished finished(String id, Job.Kind kind) {
    return new BatchEvent.Finished(new Outcome(id, kind, Outcome.Status.COMPLETED, 5, "t-" + id, "s-" + id,
        null, null, null, T0, T0, T0, T0, 7));
  }

  private static void record(FileJournal journal, BatchEvent event) {
    StepVerifier.create(journal.record(event)).expectComplete().verify(Duration.ofSeconds(10));
  }

  private List<JsonNode> outcomes() throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("outcomes.jsonl"))) {
      lines.add(JsonLines.MAPPER.readTree(line));
    }
    return lines;
  }

  @Test
  void eachDeepOutcomeKeepsThePhaseAndIterationCountOfItsLastPoll() throws IOException {
    FileJournal journal = new FileJournal(new AppendFile(dir.resolve("journal.jsonl")),
        new AppendFile(dir.resolve("outcomes.jsonl")));
    Sinks.Many<BatchEvent> events = Sinks.many().multicast().directBestEffort();
    Disposable following = journal.follow(events.asFlux());
    events.tryEmitNext(new BatchEvent.Polled("a", "t-a", "running", "Searching (iteration 1 of 3)", 2, 0));
    events.tryEmitNext(new BatchEvent.Polled("b", "t-b", "running", "Searching (iteration 2 of 3)", 2, 1));
    events.tryEmitNext(new BatchEvent.Polled("a", "t-a", "completed", "Finalizing results", 3, 3));
    record(journal, finished("a", Job.Kind.DEEP));
    record(journal, finished("never-polled", Job.Kind.DEEP));
    record(journal, finished("b", Job.Kind.DEEP));
    record(journal, finished("a", Job.Kind.DEEP));
    following.dispose();
    StepVerifier.create(journal.close()).expectComplete().verify(Duration.ofSeconds(10));
    List<JsonNode> lines = outcomes();
    assertEquals(4, lines.size());
    assertEquals(3, lines.get(0).get("phase").asInt(), lines.get(0).toString());
    assertEquals(3, lines.get(0).get("iterations").asInt(), "the last poll of a, not the first");
    assertTrue(lines.get(1).get("phase").isNull() && lines.get(1).get("iterations").isNull(),
        lines.get(1).toString());
    assertEquals(2, lines.get(2).get("phase").asInt());
    assertEquals(1, lines.get(2).get("iterations").asInt());
    assertTrue(lines.get(3).get("iterations").isNull(), "a's poll was taken with its outcome: " + lines.get(3));
  }
}

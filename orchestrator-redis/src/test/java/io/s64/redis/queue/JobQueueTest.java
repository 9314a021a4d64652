package io.s64.redis.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.job.BatchEvent;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.journal.Journal;
import io.s64.model.DeepSearchRequest;
import io.s64.model.Row;
import io.s64.redis.testing.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** The queue's scripts against a real Redis: submit, take, checkpoints, fencing, outcomes once. */
class JobQueueTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final QueueWorker.Lines LINES = new QueueWorker.Lines() {
    @Override
    public String row(String jobId, Row row) {
      return jobId + ":" + row.get("id");
    }

    @Override
    public String outcome(Outcome o) {
      return o.jobId() + " " + o.status().wire() + " " + o.rows();
    }
  };

  private JobQueue queue;

  @BeforeEach
  void connect() {
    queue = JobQueue.connect(TestRedis.url(), "t-" + UUID.randomUUID()).block(WAIT);
  }

  @AfterEach
  void close() {
    queue.close().block(WAIT);
  }

  private static Job decode(String id, String text) {
    return Job.deep(text, DeepSearchRequest.of("query of " + text));
  }

  private static Outcome outcome(String id, Outcome.Status status, long rows) {
    Instant now = Instant.now();
    return new Outcome(id, Job.Kind.DEEP, status, rows, null, null, null, null, null, now, null,
        null, now, 3);
  }

  private static List<Row> rows(int from, int to) {
    return java.util.stream.IntStream.range(from, to)
        .mapToObj(i -> Row.of(Map.of("id", "r" + i))).toList();
  }

  @Test
  void aJobIdIsTakenOnceSameContentRepeatsOtherContentConflicts() {
    assertEquals(JobQueue.Submission.ADDED, queue.submit("a", "a").block(WAIT));
    assertEquals(JobQueue.Submission.REPEATED, queue.submit("a", "a").block(WAIT));
    assertEquals(JobQueue.Submission.CONFLICT, queue.submit("a", "other").block(WAIT));
    assertEquals(JobQueue.Submission.ADDED, queue.settled("b", "bad line", "b invalid 0", "invalid").block(WAIT));
    QueueStatus s = queue.status(Duration.ofSeconds(30)).block(WAIT);
    assertEquals(2, s.submitted());
    assertEquals(1, s.waiting());
    assertEquals(1, s.done());
    assertEquals(Map.of("invalid", 1L), s.byStatus());
    assertEquals(List.of("b invalid 0"), queue.collector().outcomes("0", 10).block(WAIT)
        .stream().map(QueueCollector.Entry::text).toList());
  }

  @Test
  void aJobTakenOverResumesFromItsCheckpointAndTheFirstWorkerIsFencedOut() {
    queue.submit("a", "a").block(WAIT);
    QueueWorker first = queue.worker("w1", Duration.ofMillis(300));
    QueueWorker second = queue.worker("w2", Duration.ofMillis(300));
    Job job = first.jobs(JobQueueTest::decode, 4, false).blockFirst(WAIT);
    assertNotNull(job);
    assertInstanceOf(Job.DeepSearch.class, job);
    String searchId = ((Job.DeepSearch) job).request().searchId();
    assertNotNull(searchId, "a queued deep search gets a derived search id");
    Journal j1 = first.journal(LINES, o -> true);
    j1.record(new BatchEvent.Admitted("a", Job.Kind.DEEP, searchId)).block(WAIT);
    j1.record(new BatchEvent.Started("a", "task-1", searchId)).block(WAIT);
    j1.record(new BatchEvent.Terminal("a", "task-1", "completed", searchId, null, null)).block(WAIT);
    first.sink().write(job, rows(0, 3)).block(WAIT);
    j1.record(new BatchEvent.Committed("a", searchId, "cursor-1", 0, 3, 3, false)).block(WAIT);
    // rows written but never committed: the first worker dies here
    first.sink().write(job, rows(3, 5)).block(WAIT);

    // the first worker sends no heartbeat: after the claim time the second takes the job over
    Job again = second.jobs(JobQueueTest::decode, 4, false).blockFirst(WAIT);
    assertNotNull(again);
    Job.Resume resume = again.resume();
    assertNotNull(resume, "the job resumes");
    assertEquals("task-1", resume.progress().taskId());
    assertEquals("cursor-1", resume.progress().cursor());
    assertEquals(3, resume.progress().rows());
    assertEquals(java.util.Set.of("id:r0", "id:r1", "id:r2"), resume.deliveredKeys());
    assertEquals(searchId, ((Job.DeepSearch) again).request().searchId(), "same search id");

    // the first worker is fenced out: its checkpoint and its outcome are refused
    Throwable lost = null;
    try {
      j1.record(new BatchEvent.Committed("a", searchId, "cursor-2", 0, 5, 2, false)).block(WAIT);
    } catch (RuntimeException e) {
      lost = e;
    }
    assertInstanceOf(QueueWorker.LostJobException.class, lost);
    j1.record(new BatchEvent.Finished(outcome("a", Outcome.Status.FAILED, 5))).block(WAIT);

    Journal j2 = second.journal(LINES, o -> true);
    second.sink().write(again, rows(3, 6)).block(WAIT);
    j2.record(new BatchEvent.Committed("a", searchId, null, 0, 6, 3, true)).block(WAIT);
    j2.record(new BatchEvent.Finished(outcome("a", Outcome.Status.COMPLETED, 6))).block(WAIT);
    j2.record(new BatchEvent.Finished(outcome("a", Outcome.Status.COMPLETED, 6))).block(WAIT);

    List<String> rows = queue.collector().rows("0", 100).block(WAIT).stream()
        .flatMap(e -> java.util.Arrays.stream(e.text().split("\n"))).toList();
    assertEquals(List.of("a:r0", "a:r1", "a:r2", "a:r3", "a:r4", "a:r5"), rows);
    assertEquals(List.of("a completed 6"), queue.collector().outcomes("0", 10).block(WAIT)
        .stream().map(QueueCollector.Entry::text).toList());
    QueueStatus s = queue.status(Duration.ofSeconds(30)).block(WAIT);
    assertTrue(s.finished(), "finished: " + s);
    assertEquals(0, s.waiting() + s.running());
  }

  @Test
  void heartbeatsKeepAJobWithItsWorkerAndLeavingHandsItOverAtOnce() {
    queue.submit("a", "a").block(WAIT);
    QueueWorker first = queue.worker("w1", Duration.ofMillis(600));
    QueueWorker second = queue.worker("w2", Duration.ofMillis(600));
    assertNotNull(first.jobs(JobQueueTest::decode, 4, false).blockFirst(WAIT));
    var beating = first.heartbeats().subscribe();
    try {
      List<Job> none = second.jobs(JobQueueTest::decode, 4, false)
          .take(Duration.ofMillis(1500)).collectList().block(WAIT);
      assertEquals(List.of(), none, "a renewed job is not taken over");
    } finally {
      beating.dispose();
    }
    assertEquals(1L, first.leave().block(WAIT));
    Job taken = second.jobs(JobQueueTest::decode, 4, false).blockFirst(Duration.ofMillis(500));
    assertNotNull(taken, "a job handed over is taken at once");
  }

  @Test
  void untilEmptyEndsOnceEveryJobHasItsOutcome() {
    queue.submit("a", "a").block(WAIT);
    QueueWorker w = queue.worker("w1", Duration.ofSeconds(5));
    Journal j = w.journal(LINES, o -> true);
    List<Job> ran = w.jobs(JobQueueTest::decode, 4, true)
        .concatMap(job -> j.record(new BatchEvent.Finished(outcome(job.id(), Outcome.Status.COMPLETED, 0)))
            .thenReturn(job))
        .collectList().block(WAIT);
    assertEquals(List.of("a"), ran.stream().map(Job::id).toList());
    assertEquals(Flux.empty().collectList().block(), List.of());
  }
}

package io.s64.redis.queue;

import io.lettuce.core.ScriptOutputType;
import io.s64.job.BatchEvent;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.journal.Journal;
import io.s64.model.Row;
import io.s64.redis.DeterministicIds;
import io.s64.sink.RowSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * One worker of a {@link JobQueue}: takes jobs for a {@code Batch} ({@link #jobs}), and gives the
 * batch the {@link RowSink} and {@link Journal} that keep each job's rows and checkpoint in Redis
 * ({@link #sink()}, {@link #journal}). Run {@link #heartbeats()} while it works, and {@link #leave()}
 * when it stops.
 *
 * <p><b>Checkpoints.</b> The sink holds a job's rows until the batch records the checkpoint that
 * covers them ({@link BatchEvent.Committed}); rows and checkpoint then go to Redis in one script.
 * A worker that takes the job over later gets that checkpoint and the keys of the rows delivered
 * (as the job's {@link Job.Resume}): it re-attaches to the search's task, continues from the
 * cursor, and never delivers a row twice.
 *
 * <p><b>Failover.</b> A job is renewed by every heartbeat; one not renewed for {@code claimAfter}
 * (its worker died or lost Redis for that long) is taken by the next worker that asks. Taking it
 * increments its epoch, and the first worker's writes for it are refused from then on, so two
 * workers never both write a job's rows or outcome.
 *
 * <p><b>Deterministic search ids.</b> A deep search that names no search id gets one derived from
 * the queue, the job id and the request ({@link DeterministicIds}), so whichever worker starts it, and however often, the API
 * sees one search.
 */
public final class QueueWorker {
  private static final int TAKE_AT_ONCE = 16;
  private static final Duration IDLE = Duration.ofMillis(100);

  private final JobQueue queue;
  private final Connection connection;
  private final QueueKeys keys;
  private final String consumer;
  private final Duration claimAfter;
  private final Map<String, Claim> claims = new ConcurrentHashMap<>();
  private final Map<String, List<Row>> staged = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Set<String> lost = ConcurrentHashMap.newKeySet();

  QueueWorker(JobQueue queue, String consumer, Duration claimAfter) {
    if (consumer.isBlank()) {
      throw new IllegalArgumentException("consumer must not be blank");
    }
    if (claimAfter.toMillis() < 100) {
      throw new IllegalArgumentException("claimAfter must be at least 100ms but was " + claimAfter);
    }
    this.queue = queue;
    this.connection = queue.connection();
    this.keys = queue.keys();
    this.consumer = consumer;
    this.claimAfter = claimAfter;
  }

  /** The worker's name in the queue. */
  public String name() {
    return consumer;
  }

  /** Jobs held by this worker now. */
  public int holding() {
    return inFlight.get();
  }

  /** What a held job knows: its entry, its fencing epoch and the sequence of its checkpoints. */
  private static final class Claim {
    final String entryId;
    volatile long epoch;
    long seq;

    Claim(String entryId, long epoch, long seq) {
      this.entryId = entryId;
      this.epoch = epoch;
      this.seq = seq;
    }

    synchronized long nextSeq() {
      return ++seq;
    }
  }

  /**
   * The jobs to run: taken from the queue as this worker has room (at most {@code maxInFlight}
   * held at once), including jobs other workers left unrenewed for the claim time. Without {@code
   * untilEmpty} it never completes; with it, it completes once every job submitted has an outcome
   * and no submission is under way.
   *
   * @param decode turns a job's id and text back into the job
   */
  public Flux<Job> jobs(BiFunction<String, String, Job> decode, int maxInFlight, boolean untilEmpty) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1 but was " + maxInFlight);
    }
    AtomicBoolean over = new AtomicBoolean();
    Flux<Taken> taken = Flux.defer(() -> {
      int room = maxInFlight - inFlight.get();
      if (room <= 0) {
        return Mono.delay(IDLE).thenMany(Flux.<Taken>empty());
      }
      return take(Math.min(room, TAKE_AT_ONCE)).flatMapMany(list -> {
        if (!list.isEmpty()) {
          return Flux.fromIterable(list);
        }
        Mono<Void> check = untilEmpty && inFlight.get() == 0
            ? queue.status(claimAfter).doOnNext(s -> over.set(s.finished())).then()
            : Mono.empty();
        return check.then(Mono.delay(IDLE)).thenMany(Flux.<Taken>empty());
      });
    }).repeat(() -> !over.get());
    return taken.concatMap(t -> Mono.justOrEmpty(hold(t, decode)), 1);
  }

  /** Registers a taken job; null when this worker runs it already (its claim is renewed instead). */
  private @Nullable Job hold(Taken t, BiFunction<String, String, Job> decode) {
    Claim held = claims.get(t.jobId());
    if (held != null) {
      held.epoch = t.epoch();
      return null;
    }
    Job job;
    try {
      job = decode.apply(t.jobId(), t.text());
    } catch (RuntimeException e) {
      job = Job.invalid(t.jobId(), "the queued job cannot be read: " + e.getMessage());
    }
    claims.put(t.jobId(), new Claim(t.entryId(), t.epoch(), t.seq()));
    inFlight.incrementAndGet();
    if (job instanceof Job.DeepSearch deep && deep.request().searchId() == null) {
      job = new Job.DeepSearch(deep.id(), deep.request()
          .withSearchId(DeterministicIds.searchId(keys.name, t.jobId(), deep.request())), null);
    }
    return t.resumed() ? job.withResume(new Job.Resume(t.progress(), t.deliveredKeys())) : job;
  }

  private Mono<List<Taken>> take(int count) {
    return connection.<List<Object>>eval(Scripts.TAKE, ScriptOutputType.MULTI,
            List.of(keys.jobs(), keys.done()),
            List.of(QueueKeys.GROUP, consumer, Long.toString(claimAfter.toMillis()),
                Integer.toString(count), keys.jobPrefix()))
        .map(QueueWorker::taken);
  }

  @SuppressWarnings("unchecked")
  private static List<Taken> taken(List<Object> answer) {
    List<Taken> out = new ArrayList<>(answer.size());
    for (Object e : answer) {
      out.add(Taken.of((List<Object>) e));
    }
    return out;
  }

  /**
   * Heartbeats, every third of the claim time, from the moment of subscription: each marks the
   * worker alive and renews the jobs it holds. Emits how many it renewed. Their timer is a thread
   * of their own, so a busy process (its shared scheduler full of batch work) still renews its
   * jobs in time.
   */
  public Flux<Long> heartbeats() {
    Duration every = claimAfter.dividedBy(3);
    return Flux.using(() -> Schedulers.newSingle("s64-queue-heartbeat", true),
        timer -> Flux.interval(Duration.ZERO, every, timer)
            .onBackpressureDrop()
            .concatMap(tick -> beat(0), 1),
        Scheduler::dispose);
  }

  /**
   * Leaves the queue: the jobs this worker still holds become available to the others at once (they
   * resume from their checkpoints), and it no longer counts as alive.
   */
  public Mono<Long> leave() {
    return beat(claimAfter.toMillis() + 1);
  }

  private Mono<Long> beat(long handOverIdle) {
    return connection.eval(Scripts.HEARTBEAT, ScriptOutputType.INTEGER,
        List.of(keys.jobs(), keys.workers()),
        List.of(QueueKeys.GROUP, consumer, Long.toString(handOverIdle)));
  }

  /**
   * The sink of the batch: it holds each job's rows until the checkpoint that covers them is
   * recorded in the {@link #journal}, which writes both in one step.
   */
  public RowSink sink() {
    return (job, rows) -> Mono.fromRunnable(() -> staged.merge(job.id(), new ArrayList<>(rows),
        (a, b) -> {
          a.addAll(b);
          return a;
        }));
  }

  /** How rows and outcomes are written as lines of the output files. */
  public interface Lines {
    /** A result row as one line of {@code results.jsonl}, without the line break. */
    String row(String jobId, Row row);

    /** An outcome as one line of {@code outcomes.jsonl}, without the line break. */
    String outcome(Outcome outcome);
  }

  /**
   * The journal of the batch: each job's checkpoints (with the rows they cover) and its outcome go
   * to Redis. An outcome {@code isFinal} rejects (a job stopped because the API refused the key)
   * is not written: the job stays with this worker until {@link #leave()} hands it to another.
   */
  public Journal journal(Lines lines, Predicate<Outcome> isFinal) {
    return event -> {
      String jobId = event.jobId();
      Claim claim = jobId == null ? null : claims.get(jobId);
      if (claim == null) {
        return Mono.empty();
      }
      if (event instanceof BatchEvent.Finished f) {
        return finish(jobId, claim, f.outcome(), lines, isFinal);
      }
      List<String> fields = new ArrayList<>();
      List<Row> rows = List.of();
      if (event instanceof BatchEvent.Admitted a) {
        add(fields, "admitted", "1", "search_id", a.searchId());
      } else if (event instanceof BatchEvent.Started s) {
        add(fields, "task_id", s.taskId(), "search_id", s.searchId());
        add(fields, "terminal", "", "resource_handle_id", "");
      } else if (event instanceof BatchEvent.Terminal t) {
        add(fields, "task_id", t.taskId(), "terminal", t.status());
        add(fields, "search_id", t.searchId(), "resource_handle_id",
            t.resourceHandleId() == null ? "" : t.resourceHandleId());
      } else if (event instanceof BatchEvent.Committed c) {
        List<Row> held = staged.remove(jobId);
        rows = held == null ? List.of() : held;
        add(fields, "search_id", c.searchId(), "cursor", c.cursor() == null ? "" : c.cursor());
        add(fields, "byte_offset", Long.toString(c.byteOffset()), "rows", Long.toString(c.rowsSoFar()));
        add(fields, "complete", c.last() ? "1" : "0", null, null);
      } else {
        return Mono.empty();
      }
      return commit(jobId, claim, fields, rows, lines);
    };
  }

  private static void add(List<String> fields, String name, String value, String name2,
      String value2) {
    if (value != null) {
      fields.add(name);
      fields.add(value);
    }
    if (name2 != null && value2 != null) {
      fields.add(name2);
      fields.add(value2);
    }
  }

  private Mono<Void> commit(String jobId, Claim claim, List<String> fields, List<Row> rows,
      Lines lines) {
    List<String> args = new ArrayList<>(8 + fields.size() + rows.size());
    args.add(Long.toString(claim.epoch));
    args.add(Long.toString(claim.nextSeq()));
    args.add(jobId);
    args.add(Integer.toString(fields.size()));
    args.addAll(fields);
    args.add(Integer.toString(rows.size()));
    StringBuilder text = new StringBuilder();
    for (Row row : rows) {
      args.add(row.key());
      if (text.length() > 0) {
        text.append('\n');
      }
      text.append(lines.row(jobId, row));
    }
    args.add(text.toString());
    return connection.<Long>eval(Scripts.COMMIT, ScriptOutputType.INTEGER,
            List.of(keys.checkpoint(jobId), keys.rowKeys(jobId), keys.rows()), args)
        .flatMap(result -> result < 0 ? Mono.error(new LostJobException(jobId)) : Mono.empty());
  }

  private Mono<Void> finish(String jobId, Claim claim, Outcome outcome, Lines lines,
      Predicate<Outcome> isFinal) {
    staged.remove(jobId);
    if (!isFinal.test(outcome)) {
      return Mono.empty(); // kept, and handed over by leave()
    }
    return connection.<Long>eval(Scripts.FINISH, ScriptOutputType.INTEGER,
            List.of(keys.checkpoint(jobId), keys.rowKeys(jobId), keys.jobs(), keys.outcomes(),
                keys.done(), keys.counts()),
            List.of(Long.toString(claim.epoch), jobId, claim.entryId, QueueKeys.GROUP,
                lines.outcome(outcome), outcome.status().wire(), Long.toString(outcome.requests())))
        .doOnNext(result -> {
          if (result < 0) {
            lost.add(jobId);
          }
          if (claims.remove(jobId, claim)) {
            inFlight.decrementAndGet();
          }
        })
        .then();
  }

  /**
   * Whether the batch's outcome for {@code jobId} was not written because another worker had taken
   * the job over (it ends there); asks once per outcome. Call it after the outcome was recorded.
   */
  public boolean lost(String jobId) {
    return lost.remove(jobId);
  }

  /** This worker no longer holds the job: another worker took it over. */
  static final class LostJobException extends RuntimeException {
    LostJobException(String jobId) {
      super("job '" + jobId + "' was taken over by another worker");
    }
  }
}

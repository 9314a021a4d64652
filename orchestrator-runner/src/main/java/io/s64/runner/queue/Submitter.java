package io.s64.runner.queue;

import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.redis.queue.JobQueue;
import io.s64.runner.input.InputDefaults;
import io.s64.runner.input.InputException;
import io.s64.runner.input.InputFormat;
import io.s64.runner.input.InputReader;
import io.s64.runner.input.JobLines;
import io.s64.runner.output.OutcomeJson;
import io.s64.runner.pipeline.ExitCode;
import io.s64.runner.pipeline.Interrupt;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;

/**
 * Runs one {@code s64 submit}: reads the input like {@code s64 run} does and adds each job to the
 * queue as its JSON line ({@link JobLines}); an invalid line gets its {@code invalid} outcome in
 * the queue at once. While it runs, the queue counts a submission under way, so {@code s64
 * collect --follow} and {@code s64 worker --until-empty} do not end before the last job is in.
 */
public final class Submitter {
  private static final int IN_FLIGHT = 32;

  private final String redisUrl;
  private final String queueName;
  private final String input;
  private final InputDefaults defaults;
  private final Interrupt interrupt;
  private final PrintStream out;
  private final PrintStream err;

  public Submitter(String redisUrl, String queueName, String input, InputDefaults defaults,
      Interrupt interrupt, PrintStream out, PrintStream err) {
    this.redisUrl = redisUrl;
    this.queueName = queueName;
    this.input = input;
    this.defaults = defaults;
    this.interrupt = interrupt;
    this.out = out;
    this.err = err;
  }

  /** The submission; emits its exit code. */
  public Mono<Integer> run() {
    String problem = check();
    if (problem != null) {
      err.println("error: " + problem);
      return Mono.just(ExitCode.USAGE);
    }
    return Queues.connect(redisUrl, queueName, err).flatMap(queue -> {
      Counts counts = new Counts();
      return queue.submitting(1)
          .thenMany(InputReader.read(input, defaults))
          .flatMap(job -> add(queue, job, counts), IN_FLIGHT)
          .takeUntilOther(interrupt.fired())
          .then(Mono.fromSupplier(() -> end(counts, null)))
          .onErrorResume(e -> Mono.fromSupplier(() -> end(counts, e)))
          .flatMap(code -> queue.submitting(-1).then(queue.close()).thenReturn(code));
    }).onErrorResume(IllegalArgumentException.class, e -> Mono.fromSupplier(() -> {
      err.println("error: " + e.getMessage());
      return ExitCode.USAGE;
    }));
  }

  private static final class Counts {
    final AtomicLong added = new AtomicLong();
    final AtomicLong invalid = new AtomicLong();
    final AtomicLong repeated = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
  }

  private Mono<Void> add(JobQueue queue, Job job, Counts counts) {
    Mono<JobQueue.Submission> submitted;
    boolean invalid = job instanceof Job.Invalid;
    if (job instanceof Job.Invalid bad) {
      Instant now = Instant.now();
      Outcome outcome = new Outcome(bad.id(), Job.Kind.INVALID, Outcome.Status.INVALID, 0, null,
          null, null, null, bad.problem(), now, null, null, now, 0);
      submitted = queue.settled(bad.id(), bad.problem(), QueueLines.line(OutcomeJson.line(outcome)),
          Outcome.Status.INVALID.wire());
    } else {
      submitted = queue.submit(job.id(), JobLines.encode(job));
    }
    return submitted.doOnNext(s -> {
      switch (s) {
        case ADDED:
          (invalid ? counts.invalid : counts.added).incrementAndGet();
          break;
        case REPEATED:
          counts.repeated.incrementAndGet();
          break;
        default:
          counts.refused.incrementAndGet();
          err.println("s64: job '" + job.id() + "' was not added: the queue holds another job with"
              + " that id");
      }
    }).then();
  }

  private int end(Counts c, Throwable failure) {
    out.println("submitted " + c.added.get() + " job" + (c.added.get() == 1 ? "" : "s")
        + " to queue '" + queueName + "' (" + c.invalid.get() + " invalid, " + c.repeated.get()
        + " already queued, " + c.refused.get() + " refused)");
    out.flush();
    if (interrupt.isFired()) {
      err.println("interrupted; submitting the same file again adds only what is missing");
      return ExitCode.INTERRUPTED;
    }
    if (failure != null) {
      err.println("error: " + failure.getMessage());
      return failure instanceof InputException ? ExitCode.USAGE : ExitCode.SOME_FAILED;
    }
    return c.refused.get() > 0 ? ExitCode.SOME_FAILED : ExitCode.OK;
  }

  /** What is wrong with the input argument, or null. */
  private String check() {
    try {
      InputFormat.of(input);
    } catch (InputException e) {
      return e.getMessage();
    }
    if (input.equals("-")) {
      return null;
    }
    Path path = Path.of(input);
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      return "FILE '" + input + "' " + (Files.exists(path) ? "cannot be read" : "does not exist");
    }
    return null;
  }
}

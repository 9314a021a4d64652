package io.s64.batch;

import io.s64.Sixtyfour;
import io.s64.error.ApiException;
import io.s64.error.S64Exception;
import io.s64.internal.RequestCounter;
import io.s64.job.BatchEvent;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.limits.RequestBudget;
import io.s64.limits.SearchSlots;
import io.s64.sink.RowSink;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One {@link Batch#run}: takes jobs from the stream with bounded concurrency, admits each (dedup
 * decides whether it runs, repeats a completed request, or waits for the same one under way),
 * hands it to its kind's {@link Flow}, and ends it in exactly one {@link Outcome}, recorded after
 * the outcomes of the jobs that waited for it. A refused key (401) stops the run: jobs in progress
 * end {@code cancelled} and no further job is taken. A 402 on a start, or the run's credit limit,
 * stops paid starts only ({@link CreditGuard}): the jobs that would start one end {@code
 * cancelled} with the reason, the others go on.
 *
 * <p>The run's flows are built here, once, with their collaborators: the client, the sink, the
 * read permits and read-ahead allowance, the poller, the batch's export registry.
 */
final class Pipeline {
  private final Sixtyfour client;
  private final BatchSettings settings;
  private final Recorder recorder;
  private final Flows flows;
  private final Dedup dedup;
  private final CreditGuard credits;
  private final Latch stop = new Latch();
  private volatile @Nullable String stopReason;

  Pipeline(Sixtyfour client, BatchSettings settings, RowSink sink, EventBus bus, ExportTasks exports,
      Batch.Registry registry, BatchMeters meters) {
    this.client = client;
    this.settings = settings;
    this.recorder = new Recorder(bus, settings.journal(), meters);
    this.dedup = new Dedup(settings.dedup(), settings.dedupCapacity());
    this.credits = new CreditGuard(client, settings.maxCredits(), settings.creditCheckEvery());
    this.flows = flows(client, settings, sink, exports, registry, new Poller(client.scheduler(),
        settings.random(), this::pressure, meters), credits);
  }

  /** The flow of every kind of job, one registration each. */
  private static Flows flows(Sixtyfour client, BatchSettings settings, RowSink sink,
      ExportTasks exports, Batch.Registry registry, Poller poller, CreditGuard credits) {
    SearchSlots reads = SearchSlots.local(settings.openReads() > 0 ? settings.openReads()
        : defaultReads(client, settings));
    PageReader pages = new PageReader(client, sink, reads, new ReadAhead(settings.readAheadPages()));
    CsvReader csv = new CsvReader(client, sink, settings.csvChunkRows(), settings.downloadAttempts());
    SearchResults results = new SearchResults(pages, csv, settings.pageSize(), settings.csvResults());
    return new Flows()
        .register(Job.DeepSearch.class,
            new DeepSearchFlow(client, poller, settings.learnedPoll(), settings.poll(), results,
                settings::busyBackoff, settings.dedup() ? registry : Batch.Registry.none(), credits))
        .register(Job.Filter.class, new QueryFlow<>(Job.Filter::request, pages))
        .register(Job.Requery.class, new QueryFlow<>(Job.Requery::request, pages))
        .register(Job.Export.class,
            new ExportFlow(client, exports, registry, poller, settings.exportPoll(), csv,
                settings::busyBackoff, credits))
        .register(Job.PeopleIntelligence.class, new EnrichmentFlow<>("people",
            Job.PeopleIntelligence::request, job -> client.startPeopleIntelligence(job.request()),
            client, poller, settings.enrichmentPoll(), sink, credits))
        .register(Job.CompanyIntelligence.class, new EnrichmentFlow<>("company",
            Job.CompanyIntelligence::request, job -> client.startCompanyIntelligence(job.request()),
            client, poller, settings.enrichmentPoll(), sink, credits))
        .register(Job.Workflow.class, new WorkflowFlow(client,
            new RunWatcher(client, settings.workflows(), settings.random()), csv, sink,
            settings.workflows()))
        .register(Job.Invalid.class, new InvalidFlow());
  }

  /** As many reads as the budget allows requests per window, at most the run's concurrency. */
  private static int defaultReads(Sixtyfour client, BatchSettings settings) {
    long perWindow = client.budgetState().limit();
    return (int) Math.max(1, Math.min(perWindow, settings.concurrency()));
  }

  /** Runs the jobs; one outcome per job, as each finishes. */
  Flux<Outcome> run(Flux<? extends Job> jobs) {
    return jobs.takeUntilOther(stop.await())
        .flatMap(this::execute, settings.concurrency(), 1);
  }

  private Instant now() {
    return Instant.ofEpochMilli(client.scheduler().now(TimeUnit.MILLISECONDS));
  }

  private Mono<Outcome> execute(Job job) {
    JobTracker tracker = new JobTracker(job, recorder, this::now);
    AtomicReference<Dedup.@Nullable Claim> claim = new AtomicReference<>();
    return Mono.defer(() -> admit(tracker, claim))
        .takeUntilOther(stop.await())
        .onErrorResume(e -> {
          if (e instanceof CreditStopException stopped) {
            return Mono.fromSupplier(() -> tracker.creditStopped(stopped));
          }
          if (e instanceof ApiException api && api.status() == 402) {
            // Every later start would be refused too: no paid work starts any more in this run.
            credits.insufficient(api.detail());
            CreditStopException stopped = credits.stop();
            if (stopped != null) {
              return Mono.fromSupplier(() -> tracker.creditStopped(stopped));
            }
          }
          if (JobTracker.stopsTheBatch(e)) {
            stop("authentication failed: " + ((S64Exception) e).getMessage());
          }
          return Mono.fromSupplier(() -> tracker.failed(e));
        })
        .switchIfEmpty(Mono.fromSupplier(() -> tracker.cancelled("batch stopped, " + stopReason(),
            claim.get() instanceof Dedup.Follows f ? f.flight().original() : null)))
        .contextWrite(ctx -> ctx.put(RequestCounter.KEY, tracker.requests()))
        .flatMap(outcome -> settle(tracker, claim.get(), outcome)
            .then(recorder.record(new BatchEvent.Finished(outcome)))
            .thenReturn(outcome))
        .doFinally(signal -> {
          Dedup.Claim c = claim.get();
          if (c != null) {
            dedup.release(c, job.id());
          }
        });
  }

  /** Dedup's decision, then the job's flow, or the outcome of the request it waited for. */
  private Mono<Outcome> admit(JobTracker tracker, AtomicReference<Dedup.@Nullable Claim> claim) {
    Job job = tracker.job();
    Dedup.Claim c = dedup.claim(job, flows.dedupKey(job));
    claim.set(c);
    if (c instanceof Dedup.Repeats r) {
      return Mono.fromSupplier(() -> tracker.duplicate(r.original()));
    }
    if (c instanceof Dedup.Follows f) {
      // Waits, holding one of the run's places, for the job that makes the same request.
      return dedup.verdict(f).flatMap(v -> {
        if (v instanceof Dedup.Ended e) {
          return Mono.fromSupplier(() -> tracker.following(e.original()));
        }
        claim.set(dedup.takeOver(f));
        return flows.run(job, tracker);
      });
    }
    return flows.run(job, tracker);
  }

  /**
   * Tells the jobs waiting for this one its outcome (or hands its request to one of them when it
   * was cancelled before sending anything while the run goes on); completes once they have
   * recorded theirs.
   */
  private Mono<Void> settle(JobTracker tracker, Dedup.@Nullable Claim claim, Outcome outcome) {
    return claim instanceof Dedup.Leads l
        ? dedup.settle(l, outcome, stopReason == null && tracker.sentNothing())
        : Mono.empty();
  }

  /** Stops the run: jobs in progress end cancelled, no further job is taken. */
  private void stop(String reason) {
    if (stopReason == null) {
      stopReason = reason;
      stop.open();
    }
  }

  private String stopReason() {
    String r = stopReason;
    return r == null ? "stopped" : r;
  }

  /** Budget pressure for poll jitter: 0 when the budget is idle, 1 when it is spent. */
  private double pressure() {
    RequestBudget.State s = client.budgetState();
    if (s.limit() <= 0 || s.limit() == Long.MAX_VALUE) {
      return 0;
    }
    double used = 1.0 - (double) s.available() / s.limit();
    double waiting = s.waitingSlot() + s.waitingContinuation() + s.waitingBulk();
    return Math.max(0, Math.min(1, used + waiting / s.limit()));
  }
}

package io.s64.batch;

import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.job.BatchEvent;
import io.s64.sink.RowSink;
import io.s64.journal.Journal;
import io.s64.Sixtyfour;
import io.s64.error.ConfigurationException;
import io.s64.limits.SearchSlots;
import io.s64.poll.PollSchedule;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs streams of {@link Job}s through a {@link Sixtyfour} client as fast as the API's limits
 * allow, and ends every job in exactly one {@link Outcome}.
 *
 * <pre>{@code
 * Batch batch = Batch.builder(api).build();
 * RowSink.InMemory rows = RowSink.inMemory();
 * batch.run(Flux.just(Job.deep("a", DeepSearchRequest.of("CTOs in Berlin"))), rows)
 *     .subscribe(outcome -> System.out.println(outcome.jobId() + " " + outcome.status()));
 * }</pre>
 *
 * <p><b>What it guarantees.</b> At most the client's {@linkplain SearchSlots slots} deep searches
 * run at once, across every batch on the client; a slot is released the moment a terminal status
 * is seen, before results are read. Starts carry a search id chosen up front, so a retry or a
 * resumed run never starts a second search. Rows reach the sink once each, in order per job,
 * across retries, expired cursors and expired download links. Every job ends in exactly one
 * outcome: completed, failed, timed out, duplicate, invalid or cancelled.
 *
 * <p><b>Duplicates.</b> A job asking the same as one under way (same normalised request) waits for
 * it, holding one of the {@linkplain Builder#concurrency(int) places}, and never starts a search of its
 * own: it ends {@code duplicate} if that job completed, else with its status, failure and message,
 * always naming it in {@link Outcome#duplicateOf()}. A job asking the same as one that completed
 * earlier in the run is its duplicate at once, however far back that was (dedup remembers every
 * completed request of the run, about 16 bytes each); it names the original while that is among
 * the last {@linkplain Builder#dedupCapacity(long) 10,000} remembered by id. One asking the same as
 * one that failed runs again.
 *
 * <p><b>Streams.</b> {@link #run} consumes its input lazily with bounded concurrency, so a file
 * of a million jobs or an endless {@code Sinks.Many} queue of an application both work, with
 * memory flat. Outcomes are emitted as jobs finish (not in input order).
 *
 * <p><b>Stopping.</b> A 401 stops the run: jobs in progress end {@code cancelled} with the reason
 * and no further job is taken. A 402 on a start (insufficient credits), or a run that has spent
 * its {@linkplain Builder#maxCredits credit limit}, stops paid work only: jobs not yet started
 * (deep searches, exports, enrichment) end {@code cancelled} with the reason in their failure,
 * and jobs already started finish and keep their rows. Cancelling the subscription stops starting and polling at once and
 * releases every slot; a {@link Journal} records enough to resume later.
 */
public final class Batch {
  private final Sixtyfour client;
  private final BatchSettings settings;
  private final EventBus bus = new EventBus(4096);
  private final ExportTasks exportTasks;
  private final BatchMeters meters;
  private final Registry registry;

  private Batch(Sixtyfour client, BatchSettings settings, BatchMeters meters, Registry registry) {
    this.client = client;
    this.settings = settings;
    this.exportTasks = new ExportTasks(client.scheduler());
    this.meters = meters;
    this.registry = registry;
  }

  /** A batch builder for this client, with the defaults. */
  public static Builder builder(Sixtyfour client) {
    return new Builder(client);
  }

  /**
   * Runs jobs, writing their rows to {@code sink}; emits one outcome per job as each finishes.
   * Several runs may share this batch and its client at once.
   */
  public Flux<Outcome> run(Flux<? extends Job> jobs, RowSink sink) {
    Objects.requireNonNull(jobs, "jobs");
    Objects.requireNonNull(sink, "sink");
    return Flux.defer(() -> new Pipeline(client, settings, sink, bus, exportTasks, registry, meters)
        .run(jobs));
  }

  /**
   * What happens in every run of this batch, as it happens, plus a {@link BatchEvent.Snapshot}
   * of slots and budget every {@link Builder#snapshotEvery(Duration) interval}: for progress
   * displays. Best effort: a subscriber that falls far behind loses the oldest events.
   */
  public Flux<BatchEvent> events() {
    Flux<BatchEvent> snapshots = Flux.interval(settings.snapshotEvery(), client.scheduler())
        .map(tick -> snapshot());
    return Flux.merge(bus.flux(), snapshots);
  }

  /** The current state of the shared resources. */
  public BatchEvent.Snapshot snapshot() {
    SearchSlots slots = client.slots();
    return new BatchEvent.Snapshot(slots.inUse(), slots.capacity(), slots.waiting(),
        client.budgetState(), client.retries());
  }

  /** The client this batch runs on. */
  public Sixtyfour client() {
    return client;
  }

  /**
   * Configures a {@link Batch}.
   *
   * <table>
   *   <caption>Defaults</caption>
   *   <tr><td>poll</td><td>{@link PollSchedule.Learned#defaults()}: polls where searches are likely to end, within the docs' poll budget (on average one poll per 10 s), never twice within 2 s, 30 min deadline</td></tr>
   *   <tr><td>exportPoll / enrichmentPoll</td><td>{@link PollSchedule#defaults()}: every 10–15 s, 30 min deadline</td></tr>
   *   <tr><td>workflowPoll / stallTimeout / retryStalled</td><td>every 5–10 s / 30 min / false</td></tr>
   *   <tr><td>pageSize</td><td>100 (the API's maximum: fewest requests)</td></tr>
   *   <tr><td>csvResults</td><td>false: deep-search results are read as query pages</td></tr>
   *   <tr><td>dedup</td><td>on, exact for the run: every completed request is remembered (about 16 bytes each, 16 MB per million)</td></tr>
   *   <tr><td>dedupCapacity</td><td>10,000 originals a duplicate can name in {@code duplicate_of} (about 1.5 MB)</td></tr>
   *   <tr><td>concurrency</td><td>256 jobs in progress at once (waiting for a slot counts)</td></tr>
   *   <tr><td>openReads</td><td>as many jobs reading result pages at once as the budget allows requests per window (500), at most concurrency</td></tr>
   *   <tr><td>readAheadPages</td><td>64 pages fetched ahead of a slow sink, across the run, to keep cursors alive</td></tr>
   *   <tr><td>journal</td><td>{@link Journal#none()}</td></tr>
   *   <tr><td>slotsBusyBackoff</td><td>2 s doubling to 60 s, jittered</td></tr>
   * </table>
   */
  public static final class Builder {
    private final Sixtyfour client;
    private PollSchedule.@Nullable Learned learnedPoll = PollSchedule.Learned.defaults();
    private PollSchedule poll = PollSchedule.defaults();
    private PollSchedule exportPoll = PollSchedule.defaults();
    private PollSchedule enrichmentPoll = PollSchedule.defaults();
    private int pageSize = 100;
    private boolean csvResults;
    private boolean dedup = true;
    private long dedupCapacity = 10_000;
    private int concurrency = 256;
    private Journal journal = Journal.none();
    private Duration busyFirst = Duration.ofSeconds(2);
    private Duration busyMax = Duration.ofSeconds(60);
    private int downloadAttempts = 6;
    private int csvChunkRows = 500;
    private int readAheadPages = 64;
    private int openReads; // 0: as many as the budget allows requests per window
    private Duration snapshotEvery = Duration.ofSeconds(1);
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
    /** A {@code MeterRegistry}, kept as an Object so that the builder loads without Micrometer. */
    private @Nullable Object meterRegistry;
    private @Nullable BigDecimal maxCredits;
    private Duration creditCheckEvery = Duration.ofSeconds(30);
    private WorkflowSettings workflows = WorkflowSettings.DEFAULTS;
    private Registry registry = Registry.none();

    private Builder(Sixtyfour client) {
      this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * Polls deep searches on this fixed schedule (the docs' letter: {@link PollSchedule#defaults()})
     * instead of the learned one.
     */
    public Builder poll(PollSchedule schedule) {
      this.poll = Objects.requireNonNull(schedule, "poll");
      this.learnedPoll = null;
      return this;
    }

    /** Polls deep searches on this learned schedule (the default: {@link PollSchedule.Learned#defaults()}). */
    public Builder poll(PollSchedule.Learned schedule) {
      this.learnedPoll = Objects.requireNonNull(schedule, "poll");
      return this;
    }

    /** When to poll exports, and their deadline. */
    public Builder exportPoll(PollSchedule schedule) {
      this.exportPoll = Objects.requireNonNull(schedule, "exportPoll");
      return this;
    }

    /** When to poll people and company intelligence jobs (the docs: about every 10 s), and their deadline. */
    public Builder enrichmentPoll(PollSchedule schedule) {
      this.enrichmentPoll = Objects.requireNonNull(schedule, "enrichmentPoll");
      return this;
    }

    /** Rows per result page, 1..100. */
    public Builder pageSize(int n) {
      if (n < 1 || n > 100) {
        throw new ConfigurationException("pageSize must be in 1..100 but was " + n);
      }
      this.pageSize = n;
      return this;
    }

    /** Read deep-search results from the CSV file instead of query pages (when there is one). */
    public Builder csvResults(boolean csv) {
      this.csvResults = csv;
      return this;
    }

    /** Whether identical jobs of a run start one search (the others wait for it and share its fate). */
    public Builder dedup(boolean on) {
      this.dedup = on;
      return this;
    }

    /**
     * How many originals a duplicate can still name in {@link Outcome#duplicateOf()}: the job ids
     * of that many completed requests are kept (the most useful ones, by Caffeine's policy), at
     * about 150 bytes each. This bounds only the names, never dedup itself: every request completed
     * in the run is remembered, in about 16 bytes, so a job repeating one is a {@code duplicate}
     * and starts nothing however far back the original was. A duplicate whose original is no
     * longer named has a null {@code duplicateOf} and a message saying it repeats an earlier job.
     * Jobs that wait for an original still under way always name it.
     */
    public Builder dedupCapacity(long n) {
      if (n < 1) {
        throw new ConfigurationException("dedupCapacity must be at least 1 but was " + n);
      }
      this.dedupCapacity = n;
      return this;
    }

    /** How many jobs may be in progress at once. */
    public Builder concurrency(int n) {
      if (n < 1) {
        throw new ConfigurationException("concurrency must be at least 1 but was " + n);
      }
      this.concurrency = n;
      return this;
    }

    /** Where state changes are recorded for resume. */
    public Builder journal(Journal j) {
      this.journal = Objects.requireNonNull(j, "journal");
      return this;
    }

    /** The wait before retrying a start that found all slots busy: first, growing to max. */
    public Builder slotsBusyBackoff(Duration first, Duration max) {
      if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
        throw new ConfigurationException("slotsBusyBackoff must satisfy 0 < first <= max but was "
            + first + ".." + max);
      }
      this.busyFirst = first;
      this.busyMax = max;
      return this;
    }

    /**
     * How often in a row a CSV download may be started over (new link, same offset) without
     * committing a new row before the job fails; a download that breaks after progress starts the
     * count again.
     */
    public Builder downloadAttempts(int n) {
      if (n < 1) {
        throw new ConfigurationException("downloadAttempts must be at least 1 but was " + n);
      }
      this.downloadAttempts = n;
      return this;
    }

    /** How many CSV rows go to the sink in one write (500); each write is a resume checkpoint. */
    public Builder csvChunkRows(int n) {
      if (n < 1) {
        throw new ConfigurationException("csvChunkRows must be at least 1 but was " + n);
      }
      this.csvChunkRows = n;
      return this;
    }

    /**
     * How many result pages the run may hold fetched ahead of a slow sink (64, across all jobs; about
     * 16 at most for one job). Each read normally holds the page being written and the next one. When
     * the sink is still busy halfway through the life the server gave a cursor
     * ({@code cursor_expires_in_seconds}), the page after is fetched early so the cursor is used
     * before it expires; this allowance bounds the memory that costs (at most 100 rows a page). At
     * 0 a sink slower than a cursor's life makes the read start over by search id (skipping the
     * rows it delivered), which costs requests.
     */
    public Builder readAheadPages(int n) {
      if (n < 0) {
        throw new ConfigurationException("readAheadPages must be at least 0 but was " + n);
      }
      this.readAheadPages = n;
      return this;
    }

    /**
     * How many jobs of the run may read result pages at once; the others wait before their first
     * page. By default as many as the client's budget allows requests per window (500 per minute:
     * 500), at most {@link #concurrency}. Each read holds a cursor that must be used again before
     * it expires, and the budget serves the reads in turn: when it is saturated, each of n open
     * reads gets a page about every n / limit windows. Fewer reads than a window's requests would
     * leave part of every window unused once continuations are all that is left; many more would
     * let cursors expire while their reads wait.
     */
    public Builder openReads(int n) {
      if (n < 1) {
        throw new ConfigurationException("openReads must be at least 1 but was " + n);
      }
      this.openReads = n;
      return this;
    }

    /** How often {@link Batch#events()} emits a snapshot. */
    public Builder snapshotEvery(Duration d) {
      if (d.isNegative() || d.isZero()) {
        throw new ConfigurationException("snapshotEvery must be positive but was " + d);
      }
      this.snapshotEvery = d;
      return this;
    }

    /**
     * The most credits a run may spend (no limit by default). The run reads the organization's
     * balance ({@code GET /check-balance}, through the budget) at its first paid start and now and
     * then after it (see {@link #creditCheckEvery}); once the balance has fallen by {@code
     * credits}, it starts no more deep searches, exports or enrichment jobs: those jobs end
     * {@code cancelled} with {@link Outcome.Failure.Reason#CREDIT_LIMIT}, while work already
     * started finishes and keeps its rows. Starts in flight at that moment still complete, so a
     * run may pass the limit by their cost. Without a limit a run still stops admitting paid work
     * after the API answers a start with 402 ({@link Outcome.Failure.Reason#INSUFFICIENT_CREDITS}).
     */
    public Builder maxCredits(BigDecimal credits) {
      if (credits == null || credits.signum() <= 0) {
        throw new ConfigurationException("maxCredits must be positive but was " + credits);
      }
      this.maxCredits = credits;
      return this;
    }

    /**
     * The longest time between two readings of the balance under {@link #maxCredits} (30 s). The
     * run also reads it when its paid starts have doubled since the last reading and, near the
     * limit, before each start.
     */
    public Builder creditCheckEvery(Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new ConfigurationException("creditCheckEvery must be positive but was " + d);
      }
      this.creditCheckEvery = d;
      return this;
    }

    /** The source of poll and backoff jitter (uniform in [0, 1)); for reproducible tests. */
    public Builder random(DoubleSupplier r) {
      this.random = Objects.requireNonNull(r, "random");
      return this;
    }

    /**
     * Records the batch's meters in {@code registry} (none by default): jobs by kind, final status
     * and failure reason ({@code s64.batch.jobs}), rows delivered, deep-search durations and poll
     * detection delays (timers with percentiles). Give the client the same registry for the meters
     * of requests, budget and slots. Needs {@code io.micrometer:micrometer-core}, an optional
     * dependency of s64.
     */
    public Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
      this.meterRegistry = Objects.requireNonNull(registry, "meterRegistry");
      return this;
    }

    /**
     * When to poll workflow runs' live status: every 5–10 s by default (the interval, plus up to
     * {@code jitter} of it at random); only the first delay, interval, floor and jitter are read.
     */
    public Builder workflowPoll(PollSchedule schedule) {
      this.workflows = workflows.withPoll(Objects.requireNonNull(schedule, "workflowPoll"));
      return this;
    }

    /**
     * How long a workflow run may go without progress (its status, overall percentage and rows
     * processed all unchanged) before it is cancelled (30 min).
     */
    public Builder stallTimeout(Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new ConfigurationException("stallTimeout must be positive but was " + d);
      }
      this.workflows = workflows.withStallTimeout(d);
      return this;
    }

    /**
     * Whether a stalled workflow run, once cancelled, is replaced by one fresh run (paid for again;
     * the outcome names both runs) instead of failing its job with reason {@code STALLED} (false).
     */
    public Builder retryStalled(boolean retry) {
      this.workflows = workflows.withRetryStalled(retry);
      return this;
    }

    /**
     * What this batch shares with the batches of other processes on the key: their exports and the
     * searches of identical deep search jobs (default: nothing, {@link Registry#none()}).
     * Identical searches are shared only while {@linkplain #dedup(boolean) dedup} is on.
     */
    public Builder registry(Registry r) {
      this.registry = Objects.requireNonNull(r, "registry");
      return this;
    }

    public Batch build() {
      // The only line that loads a class naming Micrometer types, and only with a registry.
      BatchMeters meters = meterRegistry == null ? BatchMeters.NONE
          : MicrometerBatchMeters.register(meterRegistry);
      return new Batch(client, new BatchSettings(learnedPoll, poll, exportPoll, enrichmentPoll, pageSize, csvResults, dedup,
          dedupCapacity, concurrency, journal, busyFirst, busyMax, downloadAttempts, csvChunkRows, readAheadPages, openReads,
          snapshotEvery, random, workflows, maxCredits, creditCheckEvery), meters, registry);
    }
  }

  /**
   * What the batches of several processes on one API key tell each other, beyond the shared budget
   * and slots: the exports they started, and the searches they started for the same request. With it
   * a 409 caused by another process's export attaches to that export's task, and identical deep
   * search jobs in different processes start one search (the second one's start carries the first
   * one's {@code search_id}, which the API answers with the search already running).
   *
   * <p>The default, {@link #none()}, knows nothing: each process keeps to what it started itself,
   * exactly as a single process does. {@code orchestrator-redis} provides one shared through Redis.
   * Every method may fail (the shared store is away); a batch then goes on as if it were {@link
   * #none()}.
   */
  public interface Registry {

    /** Nothing shared: the single-process behaviour. */
    static Registry none() {
      return NoRunRegistry.INSTANCE;
    }

    /**
     * The task of an export of {@code searchId} that some process started and that may still be
     * used (running, or completed with a file recently); empty when there is none.
     */
    Mono<String> exportTask(String searchId);

    /** An export of {@code searchId} was started as {@code taskId}. */
    Mono<Void> exportStarted(String searchId, String taskId);

    /**
     * The export {@code taskId} of {@code searchId} ended: {@code reusable} when it completed with a
     * file (kept for the download link's life), otherwise it is forgotten.
     */
    Mono<Void> exportEnded(String searchId, String taskId, boolean reusable);

    /**
     * The {@code search_id} a deep search of {@code requestKey} uses: the one an identical request
     * already claimed (its search runs or completed), or {@code searchId}, claimed from now on.
     *
     * @param requestKey what makes two requests the same (never sent anywhere as text by s64's own
     *     implementation: it keeps a digest)
     */
    Mono<String> searchFor(String requestKey, String searchId);

    /** The search {@code searchId} of {@code requestKey} failed: the next identical request starts anew. */
    Mono<Void> searchFailed(String requestKey, String searchId);
  }
}

package io.s64.batch;

import io.s64.Sixtyfour;
import io.s64.limits.SearchSlots;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** What the jobs of one {@link Batch#run} share: the client, the sink, the stop signal, dedup. */
final class Run {
  final Sixtyfour client;
  final BatchSettings settings;
  final RowSink sink;
  final ExportTasks exportTasks;
  private final EventBus bus;
  private final Dedup dedup;
  private final Sinks.One<String> stop = Sinks.one();
  private final AtomicInteger readAhead = new AtomicInteger();
  /** Permits to read result pages: at most {@code openReads} cursors open at once. */
  final SearchSlots reads;
  private volatile @Nullable String stopReason;

  Run(Sixtyfour client, BatchSettings settings, RowSink sink, EventBus bus,
      ExportTasks exportTasks) {
    this.client = client;
    this.settings = settings;
    this.sink = sink;
    this.bus = bus;
    this.exportTasks = exportTasks;
    this.dedup = new Dedup(settings.dedup(), settings.dedupCapacity());
    this.reads = SearchSlots.local(settings.openReads() > 0 ? settings.openReads() : defaultReads());
  }

  Instant now() {
    return Instant.ofEpochMilli(client.scheduler().now(TimeUnit.MILLISECONDS));
  }

  /** Emits an event to progress subscribers and records it in the journal. */
  Mono<Void> record(BatchEvent event) {
    bus.emit(event);
    return settings.journal().record(event);
  }

  /** Emits an event to progress subscribers only. */
  void emit(BatchEvent event) {
    bus.emit(event);
  }

  /** As many reads as the budget allows requests per window, at most the run's concurrency. */
  private int defaultReads() {
    long perWindow = client.budgetState().limit();
    return (int) Math.max(1, Math.min(perWindow, settings.concurrency()));
  }

  /** Takes one page of the run's read-ahead allowance; false when it is spent. */
  boolean takeReadAhead() {
    int cap = settings.readAheadPages();
    return readAhead.getAndUpdate(n -> n < cap ? n + 1 : n) < cap;
  }

  void returnReadAhead(int pages) {
    if (pages > 0) {
      readAhead.addAndGet(-pages);
    }
  }

  /** Decides, for dedup, whether the job leads its request or waits for the same one; remembers it in the job. */
  Dedup.Claim claim(JobRun jr) {
    Dedup.Claim claim = dedup.claim(jr.job);
    jr.dedup = claim;
    return claim;
  }

  /** What becomes of the request a job waits for: empty if its original went away. */
  Mono<Dedup.Verdict> verdict(Dedup.Follows f) {
    return dedup.verdict(f);
  }

  /** A job that waited runs its request in place of an original that never sent it. */
  void takeOver(JobRun jr, Dedup.Follows f) {
    jr.dedup = dedup.takeOver(f);
  }

  /**
   * Tells the jobs waiting for this one its outcome (or hands its request to one of them when it
   * was cancelled before sending anything while the run goes on); completes once they have
   * recorded theirs.
   */
  Mono<Void> settle(JobRun jr, Outcome outcome) {
    return jr.dedup instanceof Dedup.Leads l
        ? dedup.settle(l, outcome, stopReason == null && jr.sentNothing())
        : Mono.empty();
  }

  /** The job is done, however it ended (its subscription cancelled included). */
  void release(JobRun jr) {
    Dedup.Claim claim = jr.dedup;
    if (claim != null) {
      dedup.release(claim, jr.job.id());
    }
  }

  /** Stops the run: jobs in progress end cancelled, no further job is taken. */
  void stop(String reason) {
    if (stopReason == null) {
      stopReason = reason;
      stop.tryEmitValue(reason);
    }
  }

  Mono<String> stopped() {
    return stop.asMono();
  }

  String stopReason() {
    String r = stopReason;
    return r == null ? "stopped" : r;
  }

  /** Budget pressure for poll jitter: 0 when the budget is idle, 1 when it is spent. */
  double pressure() {
    var s = client.budgetState();
    if (s.limit() <= 0 || s.limit() == Long.MAX_VALUE) {
      return 0;
    }
    double used = 1.0 - (double) s.available() / s.limit();
    return Math.max(0, Math.min(1, used + (s.waitingSlot() + s.waitingContinuation() + s.waitingBulk()) / (double) s.limit()));
  }

  /** The backoff before requeued attempt {@code n} (0-based) of a start that found slots busy. */
  Duration busyBackoff(long n) {
    double base = Math.min(settings.busyBackoffMax().toNanos(),
        settings.busyBackoffFirst().toNanos() * Math.pow(2, Math.min(30, n)));
    return Duration.ofNanos((long) (base * (0.5 + 0.5 * settings.random().getAsDouble())));
  }
}

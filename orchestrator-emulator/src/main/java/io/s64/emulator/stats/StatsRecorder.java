package io.s64.emulator.stats;

import io.s64.emulator.EmulatorStats;
import io.s64.emulator.FaultKind;
import io.s64.emulator.WorkflowStats;
import io.s64.emulator.limits.PauseLedger;
import io.s64.emulator.limits.RateWindows;
import io.s64.emulator.state.SearchRegistry;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts what the emulator sees, for {@link EmulatorStats}. Every method is a short critical
 * section on this object. Per-search row counts live with the searches and are passed in when a
 * snapshot is taken.
 */
public final class StatsRecorder {
  private Instant since;
  private long requestsTotal;
  private final Map<String, Long> requestsByEndpoint = new HashMap<>();
  private final Map<Integer, Long> responsesByStatus = new HashMap<>();
  private long rateLimited;
  private long slotsBusy;
  private final Map<FaultKind, Long> faults = new EnumMap<>(FaultKind.class);
  private long downloadsCut;
  private long downloadLinksExpired;
  private long cursorsRefused;
  private long shortPages;
  private int peakConcurrentSearches;
  private long peakRequestsInWindow;
  private long acceptedRequests;
  private long windowsUsed;
  private long starts;
  private long startsReplayed;
  private long searchesCreated;
  private long exportsCreated;
  private long filterSearchesCreated;
  private long requestsDuringPause;
  private long requestsInPauseGrace;
  private long pauseBreachesOnThe429Connection;
  private long unauthorized;
  private long enrichmentJobsCreated;
  private long webhookAttempts;
  private long webhooksDelivered;
  private long webhooksFailed;
  private long workflowRunsStarted;
  private long workflowRunsReplayed;
  private long workflowIdempotencyConflicts;
  private long workflowRowsSubmitted;
  private long workflowResultRowsServed;

  public StatsRecorder(Instant since) {
    this.since = since;
  }

  public synchronized void request(String endpoint) {
    requestsTotal++;
    requestsByEndpoint.merge(endpoint, 1L, Long::sum);
  }

  public synchronized void response(int status) {
    responsesByStatus.merge(status, 1L, Long::sum);
  }

  public synchronized void unauthorized() {
    unauthorized++;
  }

  /** What a request of a valid key was with respect to its key's rate pause. */
  public synchronized void pause(PauseLedger.Verdict verdict) {
    if (verdict == PauseLedger.Verdict.BREACH_ON_ITS_CONNECTION) {
      requestsDuringPause++;
      pauseBreachesOnThe429Connection++;
    } else if (verdict == PauseLedger.Verdict.BREACH) {
      requestsDuringPause++;
    } else if (verdict == PauseLedger.Verdict.ON_ITS_WAY) {
      requestsInPauseGrace++;
    }
  }

  /** A request passed or failed the rate limiter. */
  public synchronized void rate(RateWindows.Decision decision) {
    if (decision.allowed()) {
      peakRequestsInWindow = Math.max(peakRequestsInWindow, decision.usedInWindow());
      acceptedRequests++;
      if (decision.usedInWindow() == 1) {
        windowsUsed++;
      }
    } else {
      rateLimited++;
    }
  }

  public synchronized void fault(FaultKind kind) {
    faults.merge(kind, 1L, Long::sum);
  }

  public synchronized void downloadCut() {
    downloadsCut++;
  }

  /** A storage download was refused because its signed URL had expired. */
  public synchronized void downloadLinkExpired() {
    downloadLinksExpired++;
  }

  /** A next-page request was refused because its cursor had expired or was unknown. */
  public synchronized void cursorRefused() {
    cursorsRefused++;
  }

  /** A page with more to follow was served with fewer rows than its page size (empty or half). */
  public synchronized void shortPage() {
    shortPages++;
  }

  /** A valid start reached the idempotency check and ended as {@code result}. */
  public synchronized void start(SearchRegistry.StartResult result, int busy) {
    starts++;
    switch (result) {
      case REPLAYED:
        startsReplayed++;
        break;
      case SLOTS_FULL:
        slotsBusy++;
        break;
      case CREATED:
        searchesCreated++;
        peakConcurrentSearches = Math.max(peakConcurrentSearches, busy);
        break;
      default:
        break;
    }
  }

  public synchronized void exportCreated() {
    exportsCreated++;
  }

  public synchronized void filterSearchCreated() {
    filterSearchesCreated++;
  }

  public synchronized void enrichmentJobCreated() {
    enrichmentJobsCreated++;
  }

  /** A webhook delivery attempt started. */
  public synchronized void webhookAttempt() {
    webhookAttempts++;
  }

  /** A webhook event was answered with a 2xx. */
  public synchronized void webhookDelivered() {
    webhooksDelivered++;
  }

  /** A webhook event failed its last attempt: no more will be made. */
  public synchronized void webhookFailed() {
    webhooksFailed++;
  }

  /** A workflow run was created with {@code rows} rows of payload. */
  public synchronized void workflowRunStarted(long rows) {
    workflowRunsStarted++;
    workflowRowsSubmitted += rows;
  }

  /** A workflow start was answered with the run its Idempotency-Key had started. */
  public synchronized void workflowRunReplayed() {
    workflowRunsReplayed++;
  }

  /** A workflow start was refused: its Idempotency-Key belongs to another request. */
  public synchronized void workflowIdempotencyConflict() {
    workflowIdempotencyConflicts++;
  }

  /** A run's result file was served to its end for the first time. */
  public synchronized void workflowResultRowsServed(long rows) {
    workflowResultRowsServed += rows;
  }

  /** Clears every counter; the peak of concurrent searches restarts from those busy now. */
  public synchronized void reset(int busyNow, Instant now) {
    since = now;
    requestsTotal = 0;
    requestsByEndpoint.clear();
    responsesByStatus.clear();
    rateLimited = 0;
    slotsBusy = 0;
    faults.clear();
    downloadsCut = 0;
    downloadLinksExpired = 0;
    cursorsRefused = 0;
    shortPages = 0;
    peakConcurrentSearches = busyNow;
    peakRequestsInWindow = 0;
    acceptedRequests = 0;
    windowsUsed = 0;
    starts = 0;
    startsReplayed = 0;
    searchesCreated = 0;
    exportsCreated = 0;
    filterSearchesCreated = 0;
    requestsDuringPause = 0;
    requestsInPauseGrace = 0;
    pauseBreachesOnThe429Connection = 0;
    unauthorized = 0;
    enrichmentJobsCreated = 0;
    webhookAttempts = 0;
    webhooksDelivered = 0;
    webhooksFailed = 0;
    workflowRunsStarted = 0;
    workflowRunsReplayed = 0;
    workflowIdempotencyConflicts = 0;
    workflowRowsSubmitted = 0;
    workflowResultRowsServed = 0;
  }

  public synchronized EmulatorStats snapshot(Map<String, Long> rowsServed,
      Map<String, Long> rowsTotal, Map<String, Long> workflowRunsByStatus, int busyNow,
      Instant now) {
    WorkflowStats workflows = new WorkflowStats(workflowRunsStarted, workflowRunsReplayed,
        workflowIdempotencyConflicts, workflowRowsSubmitted, workflowResultRowsServed,
        workflowRunsByStatus);
    return new EmulatorStats(requestsTotal, requestsByEndpoint, responsesByStatus, rateLimited,
        slotsBusy, faults, peakConcurrentSearches, peakRequestsInWindow, acceptedRequests,
        windowsUsed, starts, startsReplayed, searchesCreated, requestsDuringPause, requestsInPauseGrace, pauseBreachesOnThe429Connection, unauthorized,
        rowsServed, rowsTotal, downloadsCut, downloadLinksExpired, cursorsRefused, shortPages,
        exportsCreated, filterSearchesCreated,
        enrichmentJobsCreated, webhookAttempts, webhooksDelivered, webhooksFailed, workflows,
        busyNow, since, now);
  }
}

package io.s64.emulator;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the emulator saw since it started (or since the last {@link Emulator#reset()}): the same
 * data as {@code GET /_emulator/stats}, whose JSON names are these names in snake_case. Tests
 * assert server-side facts with it ("no request arrived during a rate pause", "never more than five
 * searches at once").
 *
 * @param requestsTotal requests to API endpoints and storage URLs ({@code /_emulator/*} excluded)
 * @param requestsByEndpoint requests per endpoint, keyed like {@code "POST /search/query"}
 * @param responsesByStatus responses sent per HTTP status (connection resets send none)
 * @param rateLimited 429s for a spent rate window
 * @param slotsBusy 429s for a start while every search slot was taken
 * @param faultsByKind faults injected, per kind (every kind present)
 * @param peakConcurrentSearches the most deep searches queued or running at once
 * @param peakRequestsInWindow the most accepted requests of one key in one rate window
 * @param acceptedRequests requests that passed the rate limiter
 * @param windowsUsed (key, window) pairs with at least one accepted request: {@code
 *     acceptedRequests / windowsUsed} is the mean use of a window
 * @param starts start-deep-search requests that reached the idempotency check (valid ones)
 * @param startsReplayed starts answered with an existing task because their search_id was known
 * @param searchesCreated deep searches created
 * @param requestsDuringPause requests from a key sent after the client could have read a rate
 *     429 and arriving before that 429's reset: on the connection that carried the 429, any later
 *     request; on another connection, one whose first byte came more than a loopback round trip
 *     (10 ms) after the 429 was written. A correct client sends none.
 * @param requestsInPauseGrace requests from a key that arrived on another connection within a
 *     loopback round trip after a rate 429 was written: they may have been on the wire before the
 *     client could read it, and are not counted in {@code requestsDuringPause}
 * @param pauseBreachesOnThe429Connection the part of {@code requestsDuringPause} that came on the
 *     connection that carried the 429 (judged without any grace, so without timing noise)
 * @param unauthorized 401 responses
 * @param rowsServed per search_id, distinct rows served at least once
 * @param rowsTotal per search_id, rows the search yields
 * @param downloadsCut storage downloads cut partway by the download-cut fault
 * @param downloadLinksExpired storage downloads refused (403) because their signed URL had expired
 * @param cursorsRefused next-page requests refused (400) because their cursor had expired or was
 *     unknown
 * @param shortPages pages served with fewer rows than their page size while more rows followed
 *     (the empty and half pages of short-pages mode)
 * @param exportsCreated exports created
 * @param filterSearchesCreated filter and natural-language searches created by /search/query
 * @param enrichmentJobsCreated people and company intelligence jobs created by the async starts
 * @param webhookAttempts webhook delivery attempts started (retries included)
 * @param webhooksDelivered webhook events answered with a 2xx
 * @param webhooksFailed webhook events given up after their last attempt failed
 * @param workflows what it saw of workflow runs
 * @param busySlots deep searches queued or running at the moment of the snapshot
 * @param since when counting began (start or last reset), by the emulator clock
 * @param at the moment of the snapshot, by the emulator clock
 */
public record EmulatorStats(
    long requestsTotal,
    Map<String, Long> requestsByEndpoint,
    Map<Integer, Long> responsesByStatus,
    long rateLimited,
    long slotsBusy,
    Map<FaultKind, Long> faultsByKind,
    int peakConcurrentSearches,
    long peakRequestsInWindow,
    long acceptedRequests,
    long windowsUsed,
    long starts,
    long startsReplayed,
    long searchesCreated,
    long requestsDuringPause,
    long requestsInPauseGrace,
    long pauseBreachesOnThe429Connection,
    long unauthorized,
    Map<String, Long> rowsServed,
    Map<String, Long> rowsTotal,
    long downloadsCut,
    long downloadLinksExpired,
    long cursorsRefused,
    long shortPages,
    long exportsCreated,
    long filterSearchesCreated,
    long enrichmentJobsCreated,
    long webhookAttempts,
    long webhooksDelivered,
    long webhooksFailed,
    WorkflowStats workflows,
    int busySlots,
    Instant since,
    Instant at) {

  /** Copies the maps into unmodifiable, sorted ones. */
  public EmulatorStats {
    requestsByEndpoint = Collections.unmodifiableMap(new TreeMap<>(requestsByEndpoint));
    responsesByStatus = Collections.unmodifiableMap(new TreeMap<>(responsesByStatus));
    Map<FaultKind, Long> faults = new EnumMap<>(FaultKind.class);
    for (FaultKind kind : FaultKind.values()) {
      faults.put(kind, faultsByKind.getOrDefault(kind, 0L));
    }
    faultsByKind = Collections.unmodifiableMap(faults);
    rowsServed = Collections.unmodifiableMap(new TreeMap<>(rowsServed));
    rowsTotal = Collections.unmodifiableMap(new TreeMap<>(rowsTotal));
    Objects.requireNonNull(workflows, "workflows");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(at, "at");
  }

  /** Requests to one endpoint, such as {@code "POST /search/start-deep-search"}; 0 if none. */
  public long requests(String endpoint) {
    return requestsByEndpoint.getOrDefault(endpoint, 0L);
  }

  /** Responses sent with {@code status}; 0 if none. */
  public long responses(int status) {
    return responsesByStatus.getOrDefault(status, 0L);
  }

  /** Faults of one kind injected. */
  public long faults(FaultKind kind) {
    return faultsByKind.get(kind);
  }
}

package io.s64.emulator.state;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s64.emulator.EmulatorConfig;
import io.s64.emulator.SearchRecord;
import io.s64.emulator.internal.Ids;
import io.s64.emulator.internal.Json;
import io.s64.emulator.rows.Mode;
import io.s64.emulator.rows.RowGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Every search, export and stored file of one emulator, and the organization's search slots. All
 * state is in memory behind one lock held for short, allocation-light sections; status is derived
 * from the clock, so no timer runs. Filter searches are kept up to a bound (the oldest are
 * forgotten), deep searches and exports for the emulator's lifetime.
 */
public final class SearchRegistry {
  static final String FAILME = "FAILME";
  static final String FAILME_ERROR =
      "Search failed: upstream provider returned no results (FAILME)";
  private static final int MAX_FILTER_SEARCHES = 100_000;

  /** A valid start request. */
  public record StartRequest(
      String query, Mode mode, long maxResults, @Nullable String searchId, boolean csv) {}

  /** What a start did. */
  public enum StartResult { CREATED, REPLAYED, SLOTS_FULL, ID_TAKEN }

  /**
   * The outcome of a start.
   *
   * @param result what happened
   * @param search the created or replayed search, else null
   * @param busy deep searches queued or running after the start
   */
  public record StartOutcome(StartResult result, @Nullable Search search, int busy) {}

  /**
   * The outcome of an export request.
   *
   * @param created false when an export of the search was already running
   * @param export the new or the running export
   */
  public record ExportOutcome(boolean created, Export export) {}

  private final EmulatorConfig config;
  private final RowGenerator rows;
  private final Ids ids;
  private final SplittableRandom durations;
  private final Map<String, Search> deepBySearchId = new LinkedHashMap<>();
  private final Map<String, Search> deepByTaskId = new HashMap<>();
  private final Map<String, Search> filters = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Search> eldest) {
      return size() > MAX_FILTER_SEARCHES;
    }
  };
  private final Map<String, Export> exportsByTaskId = new LinkedHashMap<>();
  private final Map<String, Export> latestExport = new HashMap<>();
  private final Map<String, StoredFile> filesByHandle = new HashMap<>();
  private final Map<String, StoredFile> filesByPath = new HashMap<>();
  private final List<Search> holdingSlots = new ArrayList<>();

  public SearchRegistry(EmulatorConfig config, RowGenerator rows, Ids ids) {
    this.config = config;
    this.rows = rows;
    this.ids = ids;
    // A stream of its own, so fault draws do not shift search durations.
    this.durations = new SplittableRandom(config.seed() ^ 0x5DEECE66DL);
  }

  public RowGenerator rows() {
    return rows;
  }

  /** Idempotency, then slots, then creation, in one critical section. */
  public synchronized StartOutcome start(StartRequest request, Instant now) {
    if (request.searchId() != null) {
      Search known = deepBySearchId.get(request.searchId());
      if (known != null) {
        return new StartOutcome(StartResult.REPLAYED, known, busySlots(now));
      }
      if (filters.containsKey(request.searchId())) {
        return new StartOutcome(StartResult.ID_TAKEN, null, busySlots(now));
      }
    }
    int busy = busySlots(now);
    if (busy >= config.slots()) {
      return new StartOutcome(StartResult.SLOTS_FULL, null, busy);
    }
    String taskId = ids.uuid();
    String searchId = request.searchId() != null ? request.searchId() : ids.uuid();
    Duration duration = config.searchDurationShape().draw(config.searchDuration(),
        durations.nextDouble());
    boolean fails = request.query().contains(FAILME);
    // The same key as a natural-language /search/query, so the echoed parsed_query round-trips.
    ObjectNode parsedQuery = Json.object().put("query", request.query());
    String rowKey = RowGenerator.key(request.mode(), Json.canonical(parsedQuery));
    int available = rows.available(rowKey);
    int total = fails ? 0 : (int) Math.min(available, request.maxResults());
    String handle = request.csv() && !fails ? newHandle() : null;
    Timeline timeline = Timeline.starting(now, duration);
    Search search = new Search(Search.Kind.DEEP, taskId, searchId, request.query(), parsedQuery,
        request.query(), request.mode(), timeline, fails ? FAILME_ERROR : null, rowKey, available,
        total, handle);
    deepBySearchId.put(searchId, search);
    deepByTaskId.put(taskId, search);
    holdingSlots.add(search);
    if (handle != null) {
      String path = "searches/" + searchId + "/" + handle + ".csv";
      store(new StoredFile(handle, StoredFile.BUCKET, path, search, total, timeline.endsAt()));
    }
    return new StartOutcome(StartResult.CREATED, search, busy + 1);
  }

  /** A filter or natural-language search, complete at once. */
  public synchronized Search createFilter(ObjectNode parsedQuery, @Nullable String naturalLanguage,
      Mode mode, long maxResults, Instant now) {
    String canonical = Json.canonical(parsedQuery);
    String rowKey = RowGenerator.key(mode, canonical);
    int available = rows.available(rowKey);
    Search search = new Search(Search.Kind.FILTER, null, ids.uuid(), canonical,
        parsedQuery, naturalLanguage, mode, Timeline.instant(now), null, rowKey, available,
        (int) Math.min(available, maxResults), null);
    filters.put(search.searchId, search);
    return search;
  }

  /** Starts an export of {@code source}, unless one of it is still queued or running. */
  public synchronized ExportOutcome export(Search source, long maxResults, Instant now) {
    Export running = latestExport.get(source.searchId);
    if (running != null && !running.statusAt(now).terminal()) {
      return new ExportOutcome(false, running);
    }
    Duration duration = Timeline.drawn(config.exportDuration(), durations.nextDouble());
    Timeline timeline = Timeline.starting(now, duration);
    String handle = newHandle();
    Export export = new Export(ids.uuid(), source, timeline,
        (int) Math.min(source.totalRows, maxResults), handle);
    exportsByTaskId.put(export.taskId(), export);
    latestExport.put(source.searchId, export);
    store(new StoredFile(handle, StoredFile.BUCKET,
        "exports/" + source.searchId + "/" + handle + ".csv", source, export.rows(),
        timeline.endsAt()));
    return new ExportOutcome(true, export);
  }

  public synchronized @Nullable Search search(String searchId) {
    Search deep = deepBySearchId.get(searchId);
    return deep != null ? deep : filters.get(searchId);
  }

  public synchronized @Nullable Search deepTask(String taskId) {
    return deepByTaskId.get(taskId);
  }

  public synchronized @Nullable Export exportTask(String taskId) {
    return exportsByTaskId.get(taskId);
  }

  public synchronized @Nullable StoredFile fileByHandle(String handle) {
    return filesByHandle.get(handle);
  }

  public synchronized @Nullable StoredFile fileByPath(String path) {
    return filesByPath.get(path);
  }

  /** Deep searches queued or running at {@code now}; forgets those that have ended. */
  public synchronized int busySlots(Instant now) {
    holdingSlots.removeIf(s -> s.statusAt(now).terminal());
    return holdingSlots.size();
  }

  /** Every search and export, oldest first, with status as of {@code now}. */
  public synchronized List<SearchRecord> searches(Instant now) {
    List<SearchRecord> all = new ArrayList<>();
    deepBySearchId.values().forEach(s -> all.add(s.record(now)));
    filters.values().forEach(s -> all.add(s.record(now)));
    exportsByTaskId.values().forEach(e -> all.add(e.record(now)));
    all.sort(Comparator.comparing(SearchRecord::createdAt));
    return all;
  }

  /** Per search_id: distinct rows served (when {@code served}) or rows the search yields. */
  public synchronized Map<String, Long> rowsBySearch(boolean served) {
    Map<String, Long> out = new HashMap<>();
    for (Map<String, Search> group : List.of(deepBySearchId, filters)) {
      for (Search s : group.values()) {
        out.put(s.searchId, (long) (served ? s.servedCount() : s.totalRows));
      }
    }
    return out;
  }

  private void store(StoredFile file) {
    filesByHandle.put(file.handle(), file);
    filesByPath.put(file.path(), file);
  }

  private String newHandle() {
    return "rh_" + ids.uuid();
  }
}

package io.s64.emulator.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s64.emulator.EmulatorConfig;
import io.s64.emulator.internal.Ids;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Every workflow run of one emulator, for its lifetime, and the {@code Idempotency-Key}s that
 * started them. A run's fault is drawn when it starts from a random stream of its own seeded with
 * {@code --seed} (four draws per run, so it depends only on the seed and the order of starts),
 * unless a marker in a payload value forces one: {@code FAILME} fails the first block after the
 * source at that row, {@code STALLME} stalls it there. Thread-safe.
 */
public final class RunRegistry {
  static final String FAILME = "FAILME";
  static final String STALLME = "STALLME";
  private static final String[] REASONS = {
      "upstream provider returned 503 Service Unavailable",
      "the block's worker ran out of memory",
      "upstream provider timed out after 3 retries"};

  private final EmulatorConfig config;
  private final Ids ids;
  private final BlockRows rows;
  private final SplittableRandom draws;
  private final Map<String, WorkflowRun> byId = new LinkedHashMap<>();
  private final Map<String, Keyed> byKey = new HashMap<>();

  /** A run started with an idempotency key, and the digest of the request that started it. */
  private record Keyed(WorkflowRun run, String digest) {}

  RunRegistry(EmulatorConfig config, Ids ids) {
    this.config = config;
    this.ids = ids;
    this.rows = new BlockRows(config.seed());
    this.draws = new SplittableRandom(config.seed() ^ 0x3F10A7L);
  }

  /**
   * The run started earlier with {@code key}, or null when the key is new.
   *
   * @throws IllegalStateException when the key started a run for another request
   */
  synchronized @Nullable WorkflowRun replay(String key, String digest) {
    Keyed keyed = byKey.get(key);
    if (keyed == null) {
      return null;
    }
    if (!keyed.digest().equals(digest)) {
      throw new IllegalStateException(key);
    }
    return keyed.run();
  }

  /** Starts a run of {@code workflow} on {@code payload} (the source block's rows). */
  synchronized WorkflowRun start(Workflow workflow, List<ObjectNode> payload, boolean saveJson,
      Set<String> formats, @Nullable String key, String digest, Instant now) {
    List<List<ObjectNode>> blockRows = new ArrayList<>();
    List<ObjectNode> current = payload;
    for (Step step : workflow.graph().steps()) {
      current = rows.apply(step, current);
      blockRows.add(current);
    }
    RunFault fault = fault(workflow.graph().steps().size(), payload);
    WorkflowRun run = new WorkflowRun(ids.uuid(), workflow, blockRows, payload.size(), saveJson,
        formats, now, config.workflowRowTime(), fault);
    byId.put(run.jobId, run);
    if (key != null) {
      byKey.put(key, new Keyed(run, digest));
    }
    return run;
  }

  synchronized @Nullable WorkflowRun get(String jobId) {
    return byId.get(jobId);
  }

  /** Runs, newest first, that match the filters ({@code active} = queued or running). */
  synchronized List<WorkflowRun> list(@Nullable String status, @Nullable String workflowId,
      int limit, Instant now) {
    List<WorkflowRun> all = new ArrayList<>(byId.values());
    Collections.reverse(all);
    List<WorkflowRun> out = new ArrayList<>();
    for (Iterator<WorkflowRun> it = all.iterator(); it.hasNext() && out.size() < limit; ) {
      WorkflowRun run = it.next();
      if (workflowId != null && !workflowId.equals(run.workflowId)) {
        continue;
      }
      if (status != null) {
        String actual = run.view(now).status();
        boolean match = status.equals("active")
            ? actual.equals("queued") || actual.equals("running")
            : actual.equals(status) || (status.equals("canceled") && actual.equals("cancelled"));
        if (!match) {
          continue;
        }
      }
      out.add(run);
    }
    return out;
  }

  /** The results of run {@code jobId} as of {@code now}, or null for an unknown run. */
  public synchronized @Nullable RunResults results(String jobId, Instant now) {
    WorkflowRun run = byId.get(jobId);
    if (run == null) {
      return null;
    }
    RunView view = run.view(now);
    boolean completed = view.status().equals("completed");
    return new RunResults(run.jobId, completed, run.saveJson,
        run.steps.get(run.steps.size() - 1).sequenceNumber(), view.completedAt(),
        completed ? run.results() : List.of());
  }

  /** Marks the results of run {@code jobId} served; true the first time. */
  public synchronized boolean markServed(String jobId) {
    WorkflowRun run = byId.get(jobId);
    return run != null && run.markServed();
  }

  /** Runs per status as of {@code now}. */
  public synchronized Map<String, Long> countByStatus(Instant now) {
    Map<String, Long> counts = new TreeMap<>();
    for (WorkflowRun run : byId.values()) {
      counts.merge(run.view(now).status(), 1L, Long::sum);
    }
    return counts;
  }

  private @Nullable RunFault fault(int blocks, List<ObjectNode> payload) {
    double fail = draws.nextDouble();
    double stall = draws.nextDouble();
    double where = draws.nextDouble();
    double fraction = draws.nextDouble() * 0.9;
    int target = blocks > 1 ? 1 : 0;
    for (int i = 0; i < payload.size(); i++) {
      String marker = marker(payload.get(i));
      if (marker != null) {
        double at = (double) i / payload.size();
        return marker.equals(FAILME)
            ? new RunFault(true, target, at, "a row carries the marker FAILME")
            : new RunFault(false, target, at, "stalled");
      }
    }
    if (fail < config.workflowFailRate()) {
      int block = blocks > 1 ? 1 + (int) (where * (blocks - 1)) : 0;
      return new RunFault(true, block, fraction, REASONS[(int) (where * 1000) % REASONS.length]);
    }
    if (stall < config.workflowStallRate()) {
      int block = blocks > 1 ? 1 + (int) (where * (blocks - 1)) : 0;
      return new RunFault(false, block, fraction, "stalled");
    }
    return null;
  }

  private static @Nullable String marker(ObjectNode row) {
    for (JsonNode value : row) {
      String text = value.isTextual() ? value.textValue() : "";
      if (text.contains(FAILME)) {
        return FAILME;
      }
      if (text.contains(STALLME)) {
        return STALLME;
      }
    }
    return null;
  }
}

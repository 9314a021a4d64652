package io.s64.runner.progress;

import io.s64.job.BatchEvent;
import io.s64.job.Job;
import java.util.Set;
import io.s64.limits.RequestBudget;
import io.s64.model.SearchStatus;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The numbers behind the status line, kept up to date from batch events and the input: jobs done
 * and read, rows, the last snapshot of slots and budget, and the progress message of each search
 * still running. Events may arrive on any thread; {@link #line()} is called from one thread at a
 * time.
 */
public final class ProgressMeter {
  private final LongSupplier nanos;
  private final long start;
  private final long doneBefore;
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong read = new AtomicLong();
  private final AtomicLong rows;
  private final AtomicLong total = new AtomicLong(-1);
  private volatile BatchEvent.@Nullable Snapshot snapshot;
  private final ArrayDeque<long[]> granted = new ArrayDeque<>();
  /** The last progress message of each running search, by job; a search's entry goes when it ends. */
  private final ConcurrentHashMap<String, Progress> running = new ConcurrentHashMap<>();
  private final AtomicLong polls = new AtomicLong();
  /** Workflow jobs, and the runs of theirs in flight in the order they started. */
  private final Set<String> workflowJobs = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<String, Run> runs = new ConcurrentHashMap<>();
  /** The rows each workflow run has processed, by its last reading; kept after it ends. */
  private final ConcurrentHashMap<String, Long> processed = new ConcurrentHashMap<>();

  /** A workflow run in flight: when it started (in event order), its job, its latest reading. */
  private record Run(long seq, String jobId, @Nullable String block, double percent) {}

  /** A progress message and the order of the poll that brought it. */
  private record Progress(long seq, String text) {}

  /**
   * @param nanos the clock ({@code System::nanoTime})
   * @param doneBefore jobs an earlier run finished
   * @param rowsBefore rows an earlier run wrote
   */
  public ProgressMeter(LongSupplier nanos, long doneBefore, long rowsBefore) {
    this.nanos = nanos;
    this.start = nanos.getAsLong();
    this.doneBefore = doneBefore;
    this.rows = new AtomicLong(rowsBefore);
    granted.addLast(new long[] {start, 0});
  }

  /** Takes an event of the batch. */
  public void on(BatchEvent event) {
    onWorkflow(event);
    if (event instanceof BatchEvent.Finished) {
      done.incrementAndGet();
    } else if (event instanceof BatchEvent.Committed) {
      rows.addAndGet(((BatchEvent.Committed) event).rowsInPage());
    } else if (event instanceof BatchEvent.Snapshot) {
      snapshot = (BatchEvent.Snapshot) event;
    }
    if (event instanceof BatchEvent.Polled p) {
      SearchStatus.State state = SearchStatus.State.parse(p.status());
      boolean ended = state == SearchStatus.State.COMPLETED || state == SearchStatus.State.FAILED;
      String message = p.progressMessage();
      if (ended || message == null || message.isBlank()) {
        running.remove(p.jobId());
      } else {
        running.put(p.jobId(), new Progress(polls.incrementAndGet(), p.jobId() + ": " + message));
      }
    } else if (event instanceof BatchEvent.Finished || event instanceof BatchEvent.Terminal) {
      running.remove(event.jobId());
    }
  }

  private void onWorkflow(BatchEvent event) {
    if (event instanceof BatchEvent.Admitted a && a.kind() == Job.Kind.WORKFLOW) {
      workflowJobs.add(a.jobId());
    } else if (event instanceof BatchEvent.Started s && workflowJobs.contains(s.jobId())) {
      runs.putIfAbsent(s.taskId(), new Run(polls.incrementAndGet(), s.jobId(), null, 0));
    } else if (event instanceof BatchEvent.RunPolled p) {
      processed.put(p.runId(), p.processed());
      runs.computeIfPresent(p.runId(), (id, r) -> new Run(r.seq(), r.jobId(), p.currentBlock(),
          p.blockPercent()));
    } else if (event instanceof BatchEvent.Terminal t) {
      runs.remove(t.taskId());
    } else if (event instanceof BatchEvent.Finished f && workflowJobs.remove(f.jobId())) {
      runs.values().removeIf(r -> r.jobId().equals(f.jobId()));
    }
  }

  /**
   * Workflow runs in flight, the block and percentage of the oldest, and the rows all runs have
   * processed: {@code "runs 3 (find_email 45%) | processed 1200"}; null before any workflow job.
   */
  public @Nullable String workflowRuns() {
    if (processed.isEmpty() && runs.isEmpty()) {
      return null;
    }
    StringBuilder b = new StringBuilder("runs ").append(runs.size());
    runs.values().stream().min(Comparator.comparingLong(Run::seq)).ifPresent(oldest -> {
      if (oldest.block() != null) {
        b.append(" (").append(oldest.block()).append(' ')
            .append(Math.round(oldest.percent())).append("%)");
      }
    });
    long sum = 0;
    for (long n : processed.values()) {
      sum += n;
    }
    return b.append(" | processed ").append(sum).toString();
  }

  /**
   * The newest progress message of a search still running, after its job's id ({@code "deep-3:
   * Searching (iteration 2 of 3)"}); null when no running search has one.
   */
  public @Nullable String progressMessage() {
    return running.values().stream().max(Comparator.comparingLong(Progress::seq))
        .map(Progress::text).orElse(null);
  }

  /** One more job was read from the input. */
  public void read() {
    read.incrementAndGet();
  }

  /** The number of jobs in the input, once counted. */
  public void total(long jobs) {
    total.set(jobs);
  }

  /** Time since the meter was made. */
  public Duration elapsed() {
    return Duration.ofNanos(nanos.getAsLong() - start);
  }

  /** The status line now. */
  public String line() {
    long now = nanos.getAsLong();
    BatchEvent.Snapshot s = snapshot;
    long doneNow = done.get();
    long all = doneBefore + doneNow;
    long t = total.get();
    Duration elapsed = Duration.ofNanos(now - start);
    StringBuilder b = new StringBuilder(120);
    b.append("jobs ").append(all);
    if (t >= 0) {
      b.append('/').append(Math.max(t, all));
    } else {
      b.append(" done, ").append(doneBefore + read.get()).append(" read");
    }
    if (s != null) {
      b.append(" | deep ").append(s.slotsInUse()).append('/').append(s.slotCapacity());
    }
    b.append(" | rows ").append(rows.get());
    String workflows = workflowRuns();
    if (workflows != null) {
      b.append(" | ").append(workflows);
    }
    if (s != null) {
      RequestBudget.State budget = s.budget();
      b.append(" | req ").append(inWindow(now, budget.granted(), budget.window())).append('/')
          .append(budget.limit()).append(" per ").append(ProgressText.duration(budget.window()))
          .append(" | 429s ").append(budget.rateLimited() + budget.slotsBusy())
          .append(" | retries ").append(s.retries());
    }
    b.append(" | ").append(ProgressText.clock(elapsed));
    if (t >= 0 && doneNow > 0 && all < t) {
      long etaNanos = (long) ((double) elapsed.toNanos() * (t - all) / doneNow);
      b.append(" | ETA ").append(ProgressText.clock(Duration.ofNanos(etaNanos)));
    }
    return b.toString();
  }

  /**
   * Requests sent in the trailing {@code window} (the budget's own window, so it compares with the
   * limit directly), from the budget's count of granted requests, which starts at 0 with the run's
   * client.
   */
  private long inWindow(long now, long grantedNow, Duration window) {
    granted.addLast(new long[] {now, grantedNow});
    long span = window.toNanos();
    while (granted.size() > 1) {
      long[] first = granted.removeFirst();
      if (now - granted.peekFirst()[0] < span) {
        granted.addFirst(first);
        break;
      }
    }
    return grantedNow - granted.peekFirst()[1];
  }
}

package io.s64.batch;

import io.s64.Sixtyfour;
import io.s64.job.BatchEvent;
import io.s64.model.Workflows;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Watches one workflow run until it ends or stalls: reads its live status on the workflow
 * schedule (5–10 s, jittered, through the request budget like every call), emits each reading as
 * a {@link BatchEvent.RunPolled}, and records the terminal status as a {@link
 * BatchEvent.Terminal}. A run whose status, overall percentage, completed blocks and processed
 * rows have not changed for the stall timeout is reported {@link Watched#stalled() stalled}; what
 * to do about it is the flow's decision.
 */
final class RunWatcher {
  /** The last live status read, and whether the run stalled (else it ended). */
  record Watched(Workflows.LiveStatus status, boolean stalled) {}

  private final Sixtyfour client;
  private final WorkflowSettings settings;
  private final DoubleSupplier random;

  RunWatcher(Sixtyfour client, WorkflowSettings settings, DoubleSupplier random) {
    this.client = client;
    this.settings = settings;
    this.random = random;
  }

  /**
   * Polls {@code runId} until it ends or stalls.
   *
   * @param immediate read at once (re-attaching to a run started before), else after the first delay
   */
  Mono<Watched> watch(JobTracker job, String runId, boolean immediate) {
    return Mono.defer(() -> {
      AtomicInteger polls = new AtomicInteger(immediate ? -1 : 0);
      AtomicReference<@Nullable String> seen = new AtomicReference<>();
      AtomicReference<Instant> movedAt = new AtomicReference<>(job.now());
      return Mono.defer(() -> {
            int n = polls.getAndIncrement();
            Duration wait = n < 0 ? Duration.ZERO : settings.delay(n, random.getAsDouble());
            return Mono.delay(wait, client.scheduler()).then(client.workflowLiveStatus(runId));
          })
          .repeat()
          .map(status -> {
            emit(job, runId, status);
            String fingerprint = fingerprint(status);
            if (!fingerprint.equals(seen.getAndSet(fingerprint))) {
              movedAt.set(job.now());
            }
            boolean stalled = !status.isTerminal()
                && !job.now().isBefore(movedAt.get().plus(settings.stallTimeout()));
            return new Watched(status, stalled);
          })
          .takeUntil(w -> w.status().isTerminal() || w.stalled())
          .last()
          .flatMap(w -> w.stalled() ? Mono.just(w)
              : job.record(new BatchEvent.Terminal(job.id(), runId, w.status().status(), null, null,
                  failedBlocks(w.status()))).thenReturn(w));
    });
  }

  private static void emit(JobTracker job, String runId, Workflows.LiveStatus s) {
    Workflows.BlockStatus current = s.current();
    job.emit(new BatchEvent.RunPolled(job.id(), runId, s.status(),
        current != null ? current.blockName() : s.currentBlock(),
        current != null ? current.progress() : 0, s.overallProgress(), s.processed()));
  }

  /** What changes while a run makes progress. */
  private static String fingerprint(Workflows.LiveStatus s) {
    StringBuilder b = new StringBuilder().append(s.state()).append('|').append(s.overallProgress())
        .append('|').append(s.completedBlocks()).append('|').append(s.currentBlock());
    for (Workflows.BlockStatus block : s.blocks()) {
      b.append('|').append(block.state()).append(':').append(block.processedCount())
          .append(':').append(block.progress());
    }
    return b.toString();
  }

  /**
   * Each failed block's name and {@code error_message}, as {@code block 'find_email': provider
   * timeout; ...}, or null when none failed.
   */
  static @Nullable String failedBlocks(Workflows.LiveStatus s) {
    StringBuilder b = new StringBuilder();
    for (Workflows.BlockStatus block : s.failedBlocks()) {
      b.append(b.length() == 0 ? "" : "; ").append("block '").append(block.blockName()).append("': ")
          .append(block.errorMessage() == null ? "(no error_message)" : block.errorMessage());
    }
    return b.length() == 0 ? null : b.toString();
  }
}

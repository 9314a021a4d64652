package io.s64.bench;

import io.s64.job.Outcome;
import io.s64.sink.RowSink;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;

/**
 * The child process of P5 ({@link MemoryFootprint}): streams {@code N} jobs, generated lazily,
 * through the pipeline ({@link Pipelines}: in-process API, zero poll delays, 256 slots, the
 * batch's defaults otherwise) into a discarding sink, and at each checkpoint (a count of
 * outcomes) forces a full GC and prints the heap in use after it, while the run is still going.
 *
 * <p>Arguments: optionally {@code --dedup-capacity=N} (originals a duplicate can name; default: the
 * batch's 10,000) and {@code --jobs=N} (default: the last checkpoint), then checkpoints in
 * increasing order, none beyond the number of jobs. A checkpoint before the last job is taken with
 * the run's jobs in progress alive, as a checkpoint mid-run should be; one at the last job is not
 * (nothing is in progress any more), so it reads lower by their share. Output, one
 * line each: {@code gc <names>}, then {@code checkpoint <jobs> <heapBytes> <elapsedMillis>}, then
 * {@code done <jobs> <completed> <elapsedMillis>}. Exits 0 when every job completed.
 */
public final class MemoryProbe {
  private MemoryProbe() {}

  /** Runs the probe; see the class comment for arguments and output. */
  public static void main(String[] args) {
    long dedupCapacity = flag(args, "--dedup-capacity=", 10_000);
    long[] checkpoints = Arrays.stream(args).filter(a -> !a.startsWith("--"))
        .mapToLong(Long::parseLong).toArray();
    if (checkpoints.length == 0) {
      throw new IllegalArgumentException(
          "usage: MemoryProbe [--dedup-capacity=N] [--jobs=N] CHECKPOINT... (jobs: the last by default)");
    }
    long total = flag(args, "--jobs=", checkpoints[checkpoints.length - 1]);
    System.out.println("gc " + ManagementFactory.getGarbageCollectorMXBeans().stream()
        .map(GarbageCollectorMXBean::getName).collect(Collectors.joining(",")));
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    AtomicLong seen = new AtomicLong();
    AtomicLong completed = new AtomicLong();
    int[] next = {0};
    long start = System.nanoTime();
    Flux<Outcome> outcomes = Pipelines.batch(
            Pipelines.client(new InMemoryApi(), Pipelines.SLOTS), dedupCapacity)
        .run(Flux.range(0, Math.toIntExact(total)).map(Pipelines::job), RowSink.discarding());
    outcomes.doOnNext(o -> {
          if (o.status() == Outcome.Status.COMPLETED) {
            completed.incrementAndGet();
          }
          long n = seen.incrementAndGet();
          if (next[0] < checkpoints.length && n == checkpoints[next[0]]) {
            next[0]++;
            System.gc();
            System.gc();
            long heap = memory.getHeapMemoryUsage().getUsed();
            System.out.println("checkpoint " + n + " " + heap + " " + millisSince(start));
          }
        })
        .blockLast(Duration.ofMinutes(10));
    System.out.println("done " + seen.get() + " " + completed.get() + " " + millisSince(start));
    System.exit(completed.get() == total ? 0 : 1);
  }

  private static long flag(String[] args, String prefix, long otherwise) {
    return Arrays.stream(args).filter(a -> a.startsWith(prefix))
        .mapToLong(a -> Long.parseLong(a.substring(prefix.length()))).findFirst().orElse(otherwise);
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}

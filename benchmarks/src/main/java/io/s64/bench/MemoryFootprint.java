package io.s64.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * P5 memory: 1,000,000 jobs through the pipeline (in-process API, discarding sink; see {@link
 * Pipelines}) in a forked JVM limited to {@code -Xmx64m}, reporting the heap in use after a full
 * GC at 10k, 100k and 1M jobs and the wall time. Flat means the 1M figure is within 20% or 3 MB
 * of the 10k figure; the baseline column is the 10k figure.
 *
 * <p>The child is {@link MemoryProbe}, started with the same classpath as this JVM; heap is read
 * with {@code MemoryMXBean} after {@code System.gc()} while the run is in progress (the 256 jobs
 * in progress and the run's dedup memory are live at every checkpoint).
 *
 * <p>Run it alone (after {@code mvn -pl benchmarks package}):
 * <pre>{@code java -cp benchmarks/target/benchmarks.jar io.s64.bench.MemoryFootprint}</pre>
 */
public final class MemoryFootprint {
  private static final long MB = 1024 * 1024;

  /**
   * What the child reported.
   *
   * @param exitCode the child's exit code (0: every job completed)
   * @param heapAfterGc heap in use after GC, by jobs done, in checkpoint order
   * @param jobs outcomes seen
   * @param completed completed outcomes
   * @param elapsed the child's wall time for the whole run
   * @param gc the collectors the child ran with
   * @param output everything the child printed
   */
  record Report(int exitCode, Map<Long, Long> heapAfterGc, long jobs, long completed,
      Duration elapsed, String gc, String output) {

    /** Whether the last checkpoint is within 20% or 3 MB of the first. */
    boolean flat() {
      List<Long> heaps = new ArrayList<>(heapAfterGc.values());
      if (heaps.size() < 2) {
        return false;
      }
      long first = heaps.get(0);
      long last = heaps.get(heaps.size() - 1);
      return last <= first * 1.2 || last - first <= 3 * MB;
    }
  }

  private MemoryFootprint() {}

  /**
   * Forks the probe under {@code -Xmx<maxHeap>} with dedup remembering {@code dedupCapacity}
   * requests and these checkpoints (the last is the job count).
   */
  static Report run(String maxHeap, long dedupCapacity, long... checkpoints)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + maxHeap, "-cp", System.getProperty("java.class.path"),
        MemoryProbe.class.getName(), "--dedup-capacity=" + dedupCapacity));
    for (long c : checkpoints) {
      command.add(Long.toString(c));
    }
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    Map<Long, Long> heaps = new LinkedHashMap<>();
    StringBuilder output = new StringBuilder();
    long jobs = 0;
    long completed = 0;
    long millis = 0;
    String gc = "";
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        output.append(line).append('\n');
        String[] f = line.split(" ");
        if (f[0].equals("checkpoint") && f.length == 4) {
          heaps.put(Long.parseLong(f[1]), Long.parseLong(f[2]));
        } else if (f[0].equals("done") && f.length == 4) {
          jobs = Long.parseLong(f[1]);
          completed = Long.parseLong(f[2]);
          millis = Long.parseLong(f[3]);
        } else if (f[0].equals("gc")) {
          gc = line.substring(2).trim();
        }
      }
    }
    if (!child.waitFor(15, TimeUnit.MINUTES)) {
      child.destroyForcibly();
      throw new IllegalStateException("the memory probe did not finish in 15 minutes");
    }
    return new Report(child.exitValue(), heaps, jobs, completed, Duration.ofMillis(millis), gc,
        output.toString());
  }

  /**
   * The suite's P5 row: the batch's defaults (dedup remembering 10,000 requests), plus, in the
   * notes, the same run with dedup remembering 100,000, which shows what a larger dedup bound
   * costs (it fills by 100k jobs, then stays flat).
   */
  static Figure figure() throws IOException, InterruptedException {
    Report r = run("64m", 10_000, 10_000, 100_000, 1_000_000);
    List<Long> heaps = new ArrayList<>(r.heapAfterGc().values());
    if (r.exitCode() != 0 || heaps.size() != 3) {
      return failed(r);
    }
    Report small = run("64m", 100_000, 10_000, 100_000, 1_000_000);
    List<Long> smallHeaps = new ArrayList<>(small.heapAfterGc().values());
    if (small.exitCode() != 0 || smallHeaps.size() != 3) {
      return failed(small);
    }
    double perSecond = r.jobs() / (r.elapsed().toMillis() / 1000.0);
    return new Figure("P5", "memory, heap after GC at 1M jobs (-Xmx64m)",
        mb(heaps.get(2)), mb(heaps.get(0)) + " at 10k", Figure.num(heaps.get(2) / (double) heaps.get(0), 2),
        "completes; 1M within 20% or 3 MB of 10k", r.flat(),
        "heap after GC 10k " + mb(heaps.get(0)) + ", 100k " + mb(heaps.get(1)) + ", 1M "
            + mb(heaps.get(2)) + "; wall time " + Figure.seconds(r.elapsed()) + " ("
            + Figure.count(perSecond) + " jobs/s); " + r.completed() + " of " + r.jobs()
            + " completed; GC " + r.gc() + ". Diagnostic, dedup remembering 100,000 requests"
            + " instead of 10,000: 10k " + mb(smallHeaps.get(0)) + ", 100k "
            + mb(smallHeaps.get(1)) + ", 1M " + mb(smallHeaps.get(2)) + " (flat: " + small.flat()
            + ")");
  }

  private static Figure failed(Report r) {
    return new Figure("P5", "memory, 1M jobs under -Xmx64m", "failed", "-", "-",
        "completes; flat", false, "exit " + r.exitCode() + ": "
            + r.output().lines().reduce((a, b) -> b).orElse(""));
  }

  private static String mb(long bytes) {
    return Figure.num(bytes / (double) MB, 1) + " MB";
  }

  /** Runs P5 alone and prints its row. */
  public static void main(String[] args) throws IOException, InterruptedException {
    System.out.println(figure().console());
  }
}

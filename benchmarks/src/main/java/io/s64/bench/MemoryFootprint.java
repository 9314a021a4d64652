package io.s64.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * P5 memory: 1,000,000 distinct jobs through the pipeline (in-process API, discarding sink; see
 * {@link Pipelines}) in a forked JVM limited to {@code -Xmx64m}, reporting the heap in use after a
 * full GC at 10k, 100k, 500k and 1M jobs and the wall time. Dedup is exact, so it keeps about 16
 * bytes for each of these distinct requests; the figure is the growth from 10k to 1M in bytes a
 * job, everything included, and the target is that nothing but dedup grows: at most {@value
 * #MOST_BYTES_PER_JOB} bytes a job. The baseline column is the 10k heap.
 *
 * <p>The child is {@link MemoryProbe}, started with the same classpath as this JVM; heap is read
 * with {@code MemoryMXBean} after {@code System.gc()} while the run is in progress (the 256 jobs
 * in progress and the run's dedup memory are live at every checkpoint, the last included: the
 * child runs {@value #TAIL} jobs past it). {@code MemoryStaysFlatTest} runs the same check in CI
 * on 300,000 jobs under {@code -Xmx48m}.
 *
 * <p>Run it alone (after {@code mvn -pl benchmarks package}):
 * <pre>{@code java -cp benchmarks/target/benchmarks.jar io.s64.bench.MemoryFootprint}</pre>
 */
public final class MemoryFootprint {
  private static final long MB = 1024 * 1024;
  /** Jobs the child runs past the last checkpoint: several times the 256 in progress at once. */
  static final long TAIL = 1_000;
  /** P5's target: heap growth from 10k to 1M jobs, in bytes a job, exact dedup included. */
  static final int MOST_BYTES_PER_JOB = 24;

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

    /**
     * Heap growth between two checkpoints, in bytes per job: what the jobs between them left
     * behind (exact dedup keeps about 16 bytes for each distinct request; nothing else should).
     */
    double bytesPerJob(long from, long to) {
      Long before = heapAfterGc.get(from);
      Long after = heapAfterGc.get(to);
      if (before == null || after == null) {
        throw new IllegalArgumentException("no checkpoint at " + (before == null ? from : to)
            + " jobs; the probe reported " + heapAfterGc.keySet());
      }
      return (after - before) / (double) (to - from);
    }
  }

  private MemoryFootprint() {}

  /**
   * Forks the probe under {@code -Xmx<maxHeap>} with dedup naming {@code namedOriginals}
   * originals and these checkpoints, allowing it 15 minutes.
   */
  static Report run(String maxHeap, long namedOriginals, long... checkpoints)
      throws IOException, InterruptedException {
    return run(Duration.ofMinutes(15), maxHeap, namedOriginals, checkpoints);
  }

  /**
   * {@link #run(String, long, long...)} allowing the child {@code limit}: a child still running
   * then (a heap too small makes it collect without end) is killed and reported with exit code
   * -1 and the checkpoints it reached. The child exits at once on running out of memory. It runs
   * {@value #TAIL} jobs past the last checkpoint, so that every checkpoint, the last included, is
   * taken mid-run with the jobs in progress alive (at the very end nothing is in progress, and the
   * heap would read lower by their share, hiding that much growth).
   */
  static Report run(Duration limit, String maxHeap, long namedOriginals, long... checkpoints)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + maxHeap, "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
        MemoryProbe.class.getName(), "--dedup-capacity=" + namedOriginals,
        "--jobs=" + (checkpoints[checkpoints.length - 1] + TAIL)));
    for (long c : checkpoints) {
      command.add(Long.toString(c));
    }
    Path printed = Files.createTempFile("s64-memory-probe", ".txt");
    Process child = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(printed.toFile()).start();
    try {
      boolean ended = child.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
      if (!ended) {
        child.destroyForcibly().waitFor();
      }
      Report r = parse(ended ? child.exitValue() : -1, Files.readAllLines(printed, StandardCharsets.UTF_8));
      return ended ? r : new Report(r.exitCode(), r.heapAfterGc(), r.jobs(), r.completed(),
          r.elapsed(), r.gc(), r.output() + "killed: still running after " + limit + "\n");
    } finally {
      child.destroyForcibly();
      Files.deleteIfExists(printed);
    }
  }

  /** Reads what the child printed; see {@link MemoryProbe} for its lines. */
  private static Report parse(int exitCode, List<String> lines) {
    Map<Long, Long> heaps = new LinkedHashMap<>();
    StringBuilder output = new StringBuilder();
    long jobs = 0;
    long completed = 0;
    long millis = 0;
    String gc = "";
    for (String line : lines) {
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
    return new Report(exitCode, heaps, jobs, completed, Duration.ofMillis(millis), gc,
        output.toString());
  }

  /**
   * The suite's P5 row: 1M jobs with the batch's defaults (dedup exact, naming the last 10,000
   * originals). Exact dedup costs about 16 bytes for each distinct request, and every job here asks
   * something new, so the heap must grow in proportion to the jobs; the target is that nothing
   * else grows: at most {@value #MOST_BYTES_PER_JOB} bytes a job from 10k to 1M, all included.
   */
  static Figure figure() throws IOException, InterruptedException {
    long[] at = {10_000, 100_000, 500_000, 1_000_000};
    Report r = run("64m", 10_000, at);
    List<Long> heaps = new ArrayList<>(r.heapAfterGc().values());
    if (r.exitCode() != 0 || heaps.size() != at.length) {
      return failed(r);
    }
    double perJob = r.bytesPerJob(at[0], at[3]);
    double perSecond = r.jobs() / (r.elapsed().toMillis() / 1000.0);
    return new Figure("P5", "memory, heap growth 10k to 1M jobs (-Xmx64m)",
        Figure.num(perJob, 1) + " B/job", mb(heaps.get(0)) + " at 10k",
        Figure.num(heaps.get(3) / (double) heaps.get(0), 2),
        "completes; growth <= " + MOST_BYTES_PER_JOB + " B/job (exact dedup ~16)",
        perJob <= MOST_BYTES_PER_JOB,
        "heap after GC 10k " + mb(heaps.get(0)) + ", 100k " + mb(heaps.get(1)) + ", 500k "
            + mb(heaps.get(2)) + ", 1M " + mb(heaps.get(3)) + " (each mid-run); wall time "
            + Figure.seconds(r.elapsed()) + " (" + Figure.count(perSecond) + " jobs/s); "
            + r.completed() + " of " + r.jobs() + " completed; GC " + r.gc());
  }

  private static Figure failed(Report r) {
    return new Figure("P5", "memory, 1M jobs under -Xmx64m", "failed", "-", "-",
        "completes; growth <= " + MOST_BYTES_PER_JOB + " B/job", false, "exit " + r.exitCode() + ": "
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

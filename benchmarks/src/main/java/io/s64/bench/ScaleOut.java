package io.s64.bench;

import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorStats;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * P6: the mixed workload of P2 (deep searches and 3-page filter jobs, docs timings and limits
 * scaled down 60 times) run three ways against one emulator key: by one {@code s64 worker}
 * process, by three coordinated workers on one Redis queue (shared budget and slots), and by three
 * uncoordinated {@code s64 run} processes splitting the input (each believing it owns the key's
 * whole budget and all 5 slots). The API is the limit, so coordinated workers must not be slower
 * than one: target makespan(3) ≤ 1.05 × makespan(1) with 0 client 429s. The uncoordinated
 * baseline's makespan and 429s are reported beside them. Makespan is from the first process start
 * to the last exit, JVM start-up included for all three alike; {@code submit} runs before the
 * clock starts.
 *
 * <p>Needs the command line's jar: after {@code mvn -B -pl orchestrator-runner,benchmarks -am
 * package -DskipTests}, from the repository root:
 * <pre>{@code java -cp benchmarks/target/benchmarks.jar io.s64.bench.ScaleOut [--jar orchestrator-runner/target/s64.jar]}</pre>
 */
public final class ScaleOut {
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
  private static final String KEY = "sk-p6-bench";

  private ScaleOut() {}

  /** The default place of the command line's jar, from the repository root. */
  static final Path JAR = Path.of("orchestrator-runner", "target", "s64.jar");

  /** A timed run: its makespan and the emulator's view of it. */
  private record Run(Duration makespan, EmulatorStats stats) {
    long clientCaused429s() {
      return stats.rateLimited() + stats.slotsBusy();
    }
  }

  /** The P6 row, measured with the P2 workload. */
  static Figure figure(Path jar, MixedBatch.Settings s) throws Exception {
    Path work = Files.createTempDirectory("s64-p6-");
    try (RedisProcess redis = new RedisProcess(work.resolve("redis"))) {
      List<String> lines = lines(s);
      Run one = workers(jar, s, redis, work, lines, 1);
      Run three = workers(jar, s, redis, work, lines, 3);
      Run apart = uncoordinated(jar, s, work, lines);
      double ratio = three.makespan().toMillis() / (double) one.makespan().toMillis();
      boolean pass = ratio <= 1.05 && three.clientCaused429s() == 0;
      return new Figure("P6", "3 coordinated workers vs 1, makespan", Figure.seconds(three.makespan()),
          Figure.seconds(one.makespan()) + " (1)", Figure.num(ratio, 3),
          "≤ 1.05 × one worker's, 0 client 429s", pass,
          String.format(java.util.Locale.ROOT, "%d deep + %d filter jobs; 429s: 1 worker %d, 3 workers %d;"
              + " peak searches %d / %d; 3 uncoordinated 's64 run': %s, %d 429s (%d rate, %d slots"
              + " busy), peak searches %d", s.deep(), s.filters(), one.clientCaused429s(),
              three.clientCaused429s(), one.stats().peakConcurrentSearches(),
              three.stats().peakConcurrentSearches(), Figure.seconds(apart.makespan()),
              apart.clientCaused429s(), apart.stats().rateLimited(), apart.stats().slotsBusy(),
              apart.stats().peakConcurrentSearches()));
    }
  }

  private static List<String> lines(MixedBatch.Settings s) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < s.jobs(); i++) {
      lines.add(s.isDeep(i)
          ? "{\"id\":\"deep-" + i + "\",\"query\":\"scale-out deep search " + i + "\",\"max_results\":200}"
          : "{\"id\":\"filter-" + i + "\",\"simple_filters\":{\"n\":{\"$eq\":" + i + "}},\"max_results\":"
              + s.filterMaxResults() + ",\"page_size\":" + s.filterPageSize() + "}");
    }
    return lines;
  }

  private static List<String> api(Emulator emulator, MixedBatch.Settings s) {
    return List.of("--base-url", emulator.baseUrl(), "--rate-limit", Integer.toString(s.rateLimit()),
        "--rate-window", s.rateWindow().toMillis() + "ms", "--slots", Integer.toString(s.slots()),
        "--poll-interval", Scaled.down(Duration.ofSeconds(10)).toMillis() + "ms");
  }

  private static Run workers(Path jar, MixedBatch.Settings s, RedisProcess redis, Path work,
      List<String> lines, int n) throws Exception {
    try (Emulator emulator = Emulator.start(s.emulator())) {
      String queue = "p6-" + n + "-" + System.nanoTime();
      Path input = work.resolve(queue + ".jsonl");
      Files.write(input, lines, StandardCharsets.UTF_8);
      List<String> submit = new ArrayList<>(List.of("submit", "--redis", redis.url(), "--queue",
          queue, input.toString()));
      if (start(jar, work, "submit-" + queue, submit).waitFor() != 0) {
        throw new IllegalStateException("submit failed: see " + work);
      }
      long t0 = System.nanoTime();
      List<Process> ps = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        List<String> args = new ArrayList<>(List.of("worker", "--redis", redis.url(), "--queue",
            queue, "--until-empty", "--name", "w" + i));
        args.addAll(api(emulator, s));
        ps.add(start(jar, work, queue + "-w" + i, args));
      }
      await(ps, work);
      return new Run(Duration.ofNanos(System.nanoTime() - t0), emulator.stats());
    }
  }

  private static Run uncoordinated(Path jar, MixedBatch.Settings s, Path work, List<String> lines)
      throws Exception {
    try (Emulator emulator = Emulator.start(s.emulator())) {
      List<Path> parts = new ArrayList<>();
      for (int k = 0; k < 3; k++) {
        List<String> part = new ArrayList<>();
        for (int i = k; i < lines.size(); i += 3) {
          part.add(lines.get(i));
        }
        Path file = work.resolve("part-" + k + ".jsonl");
        Files.write(file, part, StandardCharsets.UTF_8);
        parts.add(file);
      }
      long t0 = System.nanoTime();
      List<Process> ps = new ArrayList<>();
      for (int k = 0; k < 3; k++) {
        List<String> args = new ArrayList<>(List.of("run", parts.get(k).toString(), "--out",
            work.resolve("run-" + k).toString(), "--progress", "none"));
        args.addAll(api(emulator, s));
        ps.add(start(jar, work, "run-" + k, args));
      }
      await(ps, work);
      return new Run(Duration.ofNanos(System.nanoTime() - t0), emulator.stats());
    }
  }

  private static Process start(Path jar, Path work, String name, List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
        "java").toString(), "-Xmx256m", "-jar", jar.toAbsolutePath().toString()));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile())
        .redirectOutput(work.resolve(name + ".out").toFile())
        .redirectError(work.resolve(name + ".err").toFile());
    pb.environment().put("SIXTYFOUR_API_KEY", KEY);
    return pb.start();
  }

  private static void await(List<Process> ps, Path work) throws InterruptedException {
    for (Process p : ps) {
      if (!p.waitFor(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        ps.forEach(Process::destroyForcibly);
        throw new IllegalStateException("a P6 process did not end in " + RUN_TIMEOUT + ": see " + work);
      }
    }
  }

  /** A redis-server from the embedded-redis jar, on a free loopback port, without persistence. */
  private static final class RedisProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    RedisProcess(Path dir) throws IOException {
      Files.createDirectories(dir);
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      Path binary = binary(dir);
      process = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port), "--bind",
          "127.0.0.1", "--dir", dir.toString(), "--save", "", "--appendonly", "no")
          .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!accepts()) {
        if (System.nanoTime() > deadline) {
          throw new IOException("redis-server did not start");
        }
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      }
    }

    /** The embedded-redis jar's redis-server for this machine, copied out and made executable. */
    private static Path binary(Path dir) throws IOException {
      String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT);
      boolean arm = System.getProperty("os.arch").contains("aarch64");
      String name = os.contains("mac")
          ? (arm ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64")
          : (arm ? "redis-server-6.2.7-linux-arm64" : "redis-server-6.2.6-v5-linux-amd64");
      Path file = dir.resolve("redis-server");
      try (var in = ClassLoader.getSystemClassLoader().getResourceAsStream(name)) {
        if (in == null) {
          throw new IOException("no " + name + " on the class path (the embedded-redis jar)");
        }
        Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      file.toFile().setExecutable(true);
      return file;
    }

    private boolean accepts() {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return true;
      } catch (IOException e) {
        return false;
      }
    }

    String url() {
      return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  public static void main(String[] args) throws Exception {
    Path jar = JAR;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--jar") && i + 1 < args.length) {
        jar = Path.of(args[++i]);
      } else {
        System.err.println("usage: ScaleOut [--jar PATH]");
        System.exit(2);
      }
    }
    System.out.println(figure(jar, MixedBatch.Settings.docsScaled()).console());
    System.exit(0);
  }
}

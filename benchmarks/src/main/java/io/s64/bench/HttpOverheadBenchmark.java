package io.s64.bench;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.s64.Sixtyfour;
import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import io.s64.limits.RequestBudget;
import io.s64.model.DeepSearchRequest;
import io.s64.model.Page;
import io.s64.model.QueryRequest;
import io.s64.model.SearchStatus;
import io.s64.model.Task;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * P3 HTTP overhead: page-query requests per second through s64's typed client, against two
 * baselines sending the same requests to the same emulator in the same JMH run: a bare Reactor
 * Netty {@code HttpClient} loop that discards the bodies, and {@code java.net.http.HttpClient}
 * driven by a fixed pool of 64 threads. Target: typed ≥ 0.8 × bare.
 *
 * <p><b>Request.</b> {@code POST /search/query {"search_id": ..., "page_size": 10}} on a completed
 * search of 10 rows: a full page, no cursor (so the emulator's cursor store does not grow).
 * The emulator runs with limits off (10^9 requests per window, no faults) in a process of its own
 * pinned to core 0 when the suite runs it ({@link JmhFigures#httpOverhead()} passes its URL as
 * {@code -Ds64.p3.emulator}, and pins JMH's forks to core 1); started alone, without that
 * property, the benchmark starts an emulator in its own JVM.
 *
 * <p><b>Client CPU.</b> Each method adds the JVM's process CPU time spent in its invocations and
 * the requests sent to {@link ClientCpu}'s counters, so the suite reports CPU per request.
 * The typed client runs with {@link RequestBudget#unlimited()} and decodes every page into {@link
 * Page} and rows; the baselines only read the status.
 *
 * <p><b>Concurrency.</b> Each benchmark method is one invocation of {@value #BURST} requests with
 * {@value #IN_FLIGHT} in flight, from one JMH thread ({@code @Threads(1)}): the reactive clients
 * use {@code flatMap(..., 64)} over a pool of 64 connections; the JDK client runs 64 blocking
 * {@code send}s at a time on a fixed pool of 64 threads. Scores are requests per second.
 *
 * <p><b>Forks.</b> Two: the typed path's plateau differs more from one JVM to the next (JIT
 * outcome, machine load) than within one, so one fork cannot give a stable figure.
 *
 * <p>Run it alone (after {@code mvn -pl benchmarks package}):
 * <pre>{@code java -jar benchmarks/target/benchmarks.jar HttpOverheadBenchmark}</pre>
 * Add {@code -prof gc} for allocation per request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 6, time = 5)
@Measurement(iterations = 4, time = 5)
public class HttpOverheadBenchmark {
  /** Requests in flight at once, for all three clients. */
  static final int IN_FLIGHT = 64;
  /** Requests per benchmark invocation. */
  static final int BURST = 2048;

  /** Requests per invocation; smaller in the smoke test. */
  int burst = BURST;

  /** The property naming the URL of an emulator that runs elsewhere. */
  static final String EMULATOR_URL = "s64.p3.emulator";

  private @Nullable Emulator emulator;
  private String baseUrl;
  private Sixtyfour typed;
  private QueryRequest pageRequest;
  private ConnectionProvider barePool;
  private HttpClient bare;
  private byte[] body;
  private java.net.http.HttpClient jdk;
  private HttpRequest jdkRequest;
  private ExecutorService jdkThreads;
  /** JDK sends repeated after failing without an answer. */
  final AtomicLong jdkResends = new AtomicLong();

  /** Starts the emulator, completes one search of 10 rows and builds the three clients. */
  @Setup(Level.Trial)
  public void start() {
    String external = System.getProperty(EMULATOR_URL);
    if (external != null) {
      baseUrl = external;
    } else {
      emulator = Emulator.start(EmulatorConfig.builder().port(0)
          .rateLimit(1_000_000_000).rateWindow(Duration.ofSeconds(60))
          .searchDuration(Duration.ZERO, Duration.ZERO).results(10)
          .build());
      baseUrl = emulator.baseUrl();
    }
    typed = Sixtyfour.builder().apiKey(Clients.API_KEY).baseUrl(baseUrl)
        .budget(RequestBudget.unlimited()).maxConnections(IN_FLIGHT)
        .build();
    Task task = Objects.requireNonNull(
        typed.startDeepSearch(DeepSearchRequest.of("HTTP overhead page").withMaxResults(10))
            .block(Duration.ofSeconds(10)));
    SearchStatus status = Objects.requireNonNull(
        typed.searchStatus(task.taskId()).block(Duration.ofSeconds(10)));
    if (!status.isTerminal()) {
      throw new IllegalStateException("the search of zero duration is not complete: " + status);
    }
    pageRequest = QueryRequest.searchId(task.searchId()).withPageSize(10);
    body = ("{\"search_id\":\"" + task.searchId() + "\",\"page_size\":10}")
        .getBytes(StandardCharsets.UTF_8);

    barePool = ConnectionProvider.builder("bare").maxConnections(IN_FLIGHT)
        .pendingAcquireMaxCount(-1).build();
    bare = HttpClient.create(barePool).baseUrl(baseUrl)
        .headers(h -> h.set(HttpHeaderNames.USER_AGENT, "bare/0.1")
            .set("x-api-key", Clients.API_KEY)
            .set(HttpHeaderNames.ACCEPT, "application/json")
            .set(HttpHeaderNames.CONTENT_TYPE, "application/json"));

    jdk = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1)
        .build();
    jdkRequest = HttpRequest.newBuilder(URI.create(baseUrl + "/search/query"))
        .header("x-api-key", Clients.API_KEY)
        .header("accept", "application/json")
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    jdkThreads = Executors.newFixedThreadPool(IN_FLIGHT, work -> {
      Thread t = new Thread(work, "jdk-client");
      t.setDaemon(true);
      return t;
    });
  }

  /** Stops the clients and the emulator; says how many JDK sends had to be repeated. */
  @TearDown(Level.Trial)
  public void stop() {
    if (jdkResends.get() > 0) {
      System.out.println("java.net.http sends repeated after failing without an answer: "
          + jdkResends.get());
    }
    typed.close().block(Duration.ofSeconds(10));
    barePool.disposeLater().block(Duration.ofSeconds(10));
    jdkThreads.shutdownNow();
    if (emulator != null) {
      emulator.close();
    }
  }

  /** The flags of an emulator process equivalent to the one {@link #start()} builds. */
  static List<String> emulatorFlags() {
    return List.of("--port", "0", "--rate-limit", "1000000000", "--rate-window", "60s",
        "--search-duration", "0s", "--results", "10");
  }

  /**
   * The client's CPU: process CPU time spent in the benchmark's invocations and the requests they
   * sent, per iteration (JMH reports both as secondary results; their ratio is CPU per request).
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class ClientCpu {
    /** Process CPU time spent in invocations, nanoseconds. */
    public long cpuNanos;
    /** Requests sent. */
    public long requests;

    /** Clears the counters for the next iteration. */
    @Setup(Level.Iteration)
    public void clear() {
      cpuNanos = 0;
      requests = 0;
    }

    static long now() {
      if (ManagementFactory.getOperatingSystemMXBean()
          instanceof com.sun.management.OperatingSystemMXBean os) {
        return os.getProcessCpuTime();
      }
      return 0;
    }

    void add(long cpuFrom, long sent) {
      cpuNanos += now() - cpuFrom;
      requests += sent;
    }
  }

  /** s64: {@code Sixtyfour.query}, decoded into a {@link Page}; returns the rows read. */
  @Benchmark
  @OperationsPerInvocation(BURST)
  public long typedClient(ClientCpu cpu) {
    long from = ClientCpu.now();
    long rows = Objects.requireNonNull(Flux.range(0, burst)
        .flatMap(i -> typed.query(pageRequest), IN_FLIGHT)
        .map(page -> (long) page.rows().size())
        .reduce(0L, Long::sum)
        .block(Duration.ofMinutes(1)));
    cpu.add(from, burst);
    return rows;
  }

  /** Baseline: bare Reactor Netty, the same request, the body discarded; returns Σ status. */
  @Benchmark
  @OperationsPerInvocation(BURST)
  public long bareReactorNetty(ClientCpu cpu) {
    long from = ClientCpu.now();
    long sum = Objects.requireNonNull(Flux.range(0, burst)
        .flatMap(i -> bare.post().uri("/search/query")
            .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)))
            .response((response, content) -> content.then(Mono.just((long) response.status().code())))
            .next(), IN_FLIGHT)
        .reduce(0L, Long::sum)
        .block(Duration.ofMinutes(1)));
    cpu.add(from, burst);
    return sum;
  }

  /**
   * Baseline: {@code java.net.http}, blocking sends on 64 threads, bodies discarded; Σ status. A
   * send that fails without an answer is sent again (JDK 17's connection pool can close a pooled
   * connection under a request that was about to reuse it); {@link #jdkResends} counts them.
   */
  @Benchmark
  @OperationsPerInvocation(BURST)
  public long javaNetHttp(ClientCpu cpu) throws InterruptedException, ExecutionException {
    long from = ClientCpu.now();
    List<Future<Integer>> sent = new ArrayList<>(burst);
    for (int i = 0; i < burst; i++) {
      sent.add(jdkThreads.submit(this::jdkSend));
    }
    long sum = 0;
    for (Future<Integer> f : sent) {
      sum += f.get();
    }
    cpu.add(from, burst);
    return sum;
  }

  private int jdkSend() throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return jdk.send(jdkRequest, HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (IOException e) {
        if (attempt == 3) {
          throw e;
        }
        jdkResends.incrementAndGet();
      }
    }
  }
}

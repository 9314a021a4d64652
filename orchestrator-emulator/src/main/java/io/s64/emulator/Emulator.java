package io.s64.emulator;

import io.s64.emulator.enrichment.EnrichHandler;
import io.s64.emulator.enrichment.JobStatusHandler;
import io.s64.emulator.http.ApiGate;
import io.s64.emulator.http.Endpoint;
import io.s64.emulator.http.HttpFront;
import io.s64.emulator.http.ResponseWriter;
import io.s64.emulator.http.Route;
import io.s64.emulator.internal.Ids;
import io.s64.emulator.limits.Credits;
import io.s64.emulator.limits.FaultPlan;
import io.s64.emulator.limits.PauseLedger;
import io.s64.emulator.limits.RateWindows;
import io.s64.emulator.rows.RowGenerator;
import io.s64.emulator.search.BalanceHandler;
import io.s64.emulator.search.ExportHandler;
import io.s64.emulator.search.QueryHandler;
import io.s64.emulator.search.StartHandler;
import io.s64.emulator.search.StatusHandler;
import io.s64.emulator.state.CursorStore;
import io.s64.emulator.state.EnrichmentRegistry;
import io.s64.emulator.state.EnrichmentResults;
import io.s64.emulator.state.SearchRegistry;
import io.s64.emulator.stats.StatsRecorder;
import io.s64.emulator.storage.DownloadHandler;
import io.s64.emulator.storage.ResultLinksHandler;
import io.s64.emulator.storage.StorageHandler;
import io.s64.emulator.storage.UrlSigner;
import io.s64.emulator.webhook.WebhookDispatcher;
import java.math.BigDecimal;
import io.s64.emulator.workflow.Workflows;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * A running emulator of the Sixtyfour search, async enrichment and workflows API: one HTTP server
 * on its own event loops, with all state in memory. Start one per test class (or per test) on port
 * 0 and point the client at {@link #baseUrl()}:
 *
 * <pre>{@code
 * try (Emulator emulator = Emulator.start(EmulatorConfig.builder().port(0).build())) {
 *   client.baseUrl(emulator.baseUrl());
 *   // ... run the code under test ...
 *   assertEquals(0, emulator.stats().requestsDuringPause());
 * }
 * }</pre>
 *
 * <p>Thread-safe. Requests are handled off the event loops, which only read, stamp arrivals and
 * writes, and write; handlers never block: state lives in memory behind short critical
 * sections, and the only delay (the slow-response fault) is a timer. Webhook deliveries of
 * enrichment jobs run on a timer that starts with the first job sent with a {@code webhook_url}
 * (see {@link #webhooks()}). {@link #close()} stops the server, the deliveries and their threads
 * and releases the port; it is idempotent.
 */
public final class Emulator implements AutoCloseable {
  private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

  private final EmulatorConfig config;
  private final SearchRegistry registry;
  private final StatsRecorder recorder;
  private final Credits credits;
  private final WebhookDispatcher webhooks;
  private final Workflows workflows;
  private final PauseLedger pauses;
  private final LoopResources loops;
  private final Scheduler work;
  private final DisposableServer server;
  private final String baseUrl;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Emulator(EmulatorConfig config) {
    this.config = config;
    Instant now = config.clock().instant();
    Integer fixedRows = config.results().isPresent() ? config.results().getAsInt() : null;
    Ids ids = new Ids();
    this.registry = new SearchRegistry(config, new RowGenerator(config.seed(), fixedRows), ids);
    this.recorder = new StatsRecorder(now);
    FaultPlan faults = new FaultPlan(config);
    this.credits = new Credits(config.credits());
    UrlSigner signer = new UrlSigner();
    ResponseWriter writer = new ResponseWriter(recorder);
    this.loops =
        LoopResources.create("s64-emulator", 1, LoopResources.DEFAULT_IO_WORKER_COUNT, true);
    this.webhooks = new WebhookDispatcher(config, loops, recorder, ids);
    EnrichmentRegistry enrichments =
        new EnrichmentRegistry(config, new EnrichmentResults(config.seed()), ids, credits);
    // Each API route and the endpoint behind the gate that answers it.
    StatusHandler status = new StatusHandler(registry, config.progressHints());
    EnrichHandler enrich =
        new EnrichHandler(enrichments, webhooks, recorder, config.allowHighTier());
    Map<Route, Endpoint> endpoints = new EnumMap<>(Route.class);
    endpoints.put(Route.START, new StartHandler(registry, recorder, config.slots(), credits,
        Credits.cents(config.priceDeepSearch()))::handle);
    endpoints.put(Route.STATUS, status::handle);
    endpoints.put(Route.STATUS_ALIAS, status::handle);
    // The /workflows routes; their result links sign storage URLs like /search/download.
    this.workflows = new Workflows(config, ids, recorder, now);
    workflows.register(endpoints);
    endpoints.put(Route.WORKFLOW_RESULTS,
        new ResultLinksHandler(workflows.runs(), signer, config.urlTtl())::handle);
    endpoints.put(Route.QUERY, new QueryHandler(registry,
        new CursorStore(config.cursorTtl(), ids), recorder, config.shortPages())::handle);
    endpoints.put(Route.EXPORT, new ExportHandler(registry, recorder, credits,
        Credits.cents(config.priceExport()))::handle);
    endpoints.put(Route.DOWNLOAD, new DownloadHandler(registry, signer, config.urlTtl())::handle);
    endpoints.put(Route.PEOPLE_ASYNC, enrich::handle);
    endpoints.put(Route.COMPANY_ASYNC, enrich::handle);
    endpoints.put(Route.JOB_STATUS, new JobStatusHandler(enrichments)::handle);
    endpoints.put(Route.BALANCE, new BalanceHandler(credits)::handle);
    this.pauses = new PauseLedger();
    ApiGate gate = new ApiGate(config, new RateWindows(config.rateLimit(), config.rateWindow()),
        pauses, faults, recorder, writer, endpoints);
    // Requests are handled off the event loops, which only read and write: a read is never held
    // up behind the handling of another request, so arrival stamps are true. (Plain threads: the
    // emulator is no part of the library that BlockHound checks, and a first use of Jackson may
    // wait on its cache's lock.)
    AtomicInteger workers = new AtomicInteger();
    this.work = Schedulers.fromExecutorService(Executors.newFixedThreadPool(
        Math.max(2, Runtime.getRuntime().availableProcessors()), task -> {
          Thread t = new Thread(task, "s64-emulator-work-" + workers.incrementAndGet());
          t.setDaemon(true);
          return t;
        }), "s64-emulator-work");
    HttpFront front = new HttpFront(config.clock(), gate,
        new StorageHandler(registry, signer, faults, recorder, workflows.runs()), writer, recorder,
        new HttpFront.Introspection() {
          @Override
          public EmulatorStats stats() {
            return Emulator.this.stats();
          }

          @Override
          public List<SearchRecord> searches() {
            return Emulator.this.searches();
          }

          @Override
          public List<WebhookRecord> webhooks() {
            return Emulator.this.webhooks();
          }

          @Override
          public void reset() {
            Emulator.this.reset();
          }
        },
        this::baseUrl, work);
    try {
      this.server = HttpServer.create()
          .host(config.host())
          .port(config.port())
          .runOn(loops)
          .doOnChannelInit((observer, channel, remote) -> front.stampArrivals(channel))
          .handle(front)
          .bindNow(BIND_TIMEOUT);
    } catch (RuntimeException e) {
      webhooks.close();
      work.dispose();
      loops.disposeLater(Duration.ZERO, STOP_TIMEOUT).block(STOP_TIMEOUT);
      throw new IllegalStateException(
          "could not listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
    }
    this.baseUrl = "http://" + urlHost(config.host()) + ":" + server.port();
  }

  /**
   * Binds and starts the emulator; returns once it is listening.
   *
   * @throws IllegalStateException if the address cannot be bound (for example, the port is taken)
   */
  public static Emulator start(EmulatorConfig config) {
    return new Emulator(Objects.requireNonNull(config, "config"));
  }

  /** The URL clients use, {@code http://127.0.0.1:PORT}, without a trailing slash. */
  public String baseUrl() {
    return baseUrl;
  }

  /** The bound port (the free port chosen when configured with 0). */
  public int port() {
    return server.port();
  }

  /** The configuration it runs with. */
  public EmulatorConfig config() {
    return config;
  }

  /** A snapshot of what it saw: the same data as {@code GET /_emulator/stats}. */
  public EmulatorStats stats() {
    Instant now = config.clock().instant();
    return recorder.snapshot(registry.rowsBySearch(true), registry.rowsBySearch(false),
        workflows.runs().countByStatus(now), registry.busySlots(now), now);
  }

  /**
   * The organization's credit balance now, as {@code GET /check-balance} answers it: the
   * configured credits less every charge of a created search, export or enrichment job.
   */
  public BigDecimal credits() {
    return credits.balance();
  }

  /** Credits charged so far: the configured credits less {@link #credits()}. */
  public BigDecimal creditsCharged() {
    return credits.charged();
  }

  /** Every search and export, oldest first: the same data as {@code GET /_emulator/searches}. */
  public List<SearchRecord> searches() {
    return registry.searches(config.clock().instant());
  }

  /**
   * Every webhook event so far (one per enrichment job sent with a {@code webhook_url} that has
   * ended), in the order the jobs ended, with its delivery state: the same data as {@code GET
   * /_emulator/webhooks}.
   */
  public List<WebhookRecord> webhooks() {
    return webhooks.records();
  }

  /**
   * Clears the counters of {@link #stats()}; searches, enrichment jobs, webhook events, cursors and
   * files are kept.
   */
  public void reset() {
    Instant now = config.clock().instant();
    recorder.reset(registry.busySlots(now), now);
    pauses.forgetLate();
  }

  /**
   * A request that arrived while its key was paused by a rate 429, after the 429 was written.
   * Stamps are {@link System#nanoTime()} readings, so a client in the same process can compare them
   * with its own.
   *
   * @param onThe429Connection it came on the connection that carried the 429 (always a breach)
   * @param withinGrace it came on another connection within the emulator's grace (10 ms) of the 429
   * @param written429Nanos when the pause's first 429 was written to its socket
   * @param arrivalNanos when the request's first byte was read
   * @param pauseEndMillis when the pause ends: the window's end, epoch milliseconds
   * @param trace the request's {@code x-s64-trace} header, or null when it sent none
   */
  public record LateArrival(boolean onThe429Connection, boolean withinGrace, long written429Nanos,
      long arrivalNanos, long pauseEndMillis, @Nullable String trace) {}

  /** How many late arrivals were dropped because more than 100,000 came since the last reset. */
  public long lateArrivalsDropped() {
    return pauses.lateDropped();
  }

  /**
   * The requests that arrived during a rate pause, oldest first (the latest 100,000, see {@link
   * #lateArrivalsDropped()}; {@link #reset()} forgets them). A test that labels its requests with
   * an {@code x-s64-trace} header and notes when it wrote each and read each 429 can tell exactly
   * which were already on the wire.
   */
  public List<LateArrival> lateArrivals() {
    return pauses.late().stream()
        .map(l -> new LateArrival(l.verdict() == PauseLedger.Verdict.BREACH_ON_ITS_CONNECTION,
            l.verdict() == PauseLedger.Verdict.ON_ITS_WAY, l.writtenNanos(), l.arrivalNanos(),
            l.untilMillis(), l.trace()))
        .toList();
  }

  /**
   * Stops webhook deliveries (attempts in flight are cancelled), the server and its threads, and
   * releases the port. Safe to call more than once.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      webhooks.close();
      server.disposeNow(STOP_TIMEOUT);
      work.dispose();
      loops.disposeLater(Duration.ZERO, STOP_TIMEOUT).block(STOP_TIMEOUT);
    }
  }

  @Override
  public String toString() {
    return "Emulator[" + baseUrl + "]";
  }

  private static String urlHost(String host) {
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      return "127.0.0.1";
    }
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}

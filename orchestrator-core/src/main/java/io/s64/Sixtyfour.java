package io.s64;

import io.s64.error.ConfigurationException;
import io.s64.http.HttpTransport;
import io.s64.internal.Args;
import io.s64.internal.Caller;
import io.s64.internal.ClientMeters;
import io.s64.internal.MicrometerClientMeters;
import io.s64.internal.PeakSlots;
import io.s64.internal.Encode;
import io.s64.internal.Endpoints;
import io.s64.internal.RetryRules;
import io.s64.limits.RequestBudget;
import io.s64.limits.SearchSlots;
import io.s64.model.Task;
import io.s64.model.CompanyIntelligenceRequest;
import io.s64.model.DeepSearchRequest;
import io.s64.model.PeopleIntelligenceRequest;
import io.s64.model.DownloadLink;
import io.s64.model.JobStatus;
import io.s64.model.Page;
import io.s64.model.QueryRequest;
import io.s64.model.Row;
import io.s64.model.SearchStatus;
import java.math.BigDecimal;
import io.s64.model.Workflows;
import io.s64.internal.WorkflowJson;
import java.util.List;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The Sixtyfour API client: typed, non-blocking, with the request budget, the search slots and
 * retries built in. The one door into s64.
 *
 * <pre>{@code
 * Sixtyfour api = Sixtyfour.builder()
 *     .apiKey(System.getenv("SIXTYFOUR_API_KEY"))
 *     .build();
 * Flux<Row> rows = api.startDeepSearch(DeepSearchRequest.of("VP Engineering, Series B, NYC"))
 *     .flatMap(task -> ...poll api.searchStatus(task.taskId()) until terminal...)
 *     .flatMapMany(status -> api.rows(QueryRequest.searchId(status.searchId()).withPageSize(100)));
 * }</pre>
 *
 * <p><b>Sharing.</b> Create one client per API key and reuse it: it owns a connection pool, the
 * key's {@linkplain RequestBudget request budget} and the organization's {@linkplain SearchSlots
 * search slots}. It is thread-safe. Two clients on one key would each think they own the budget;
 * give them the same {@link Builder#budget(RequestBudget) budget} and {@link
 * Builder#slots(SearchSlots) slots} if you must have two.
 *
 * <p><b>Threading.</b> Nothing blocks. Network I/O runs on Reactor Netty's event loops; waits
 * (backoff, rate pauses) are timers on the configured {@link Scheduler}, whose clock is the
 * client's only clock, so tests can drive all of it with virtual time.
 *
 * <p><b>Errors.</b> Every method signals an {@link io.s64.error.S64Exception} subclass: transient
 * failures are retried first ({@link RetryPolicy}); rate-limit 429s wait for the announced reset
 * and go again; a 401 is an {@link io.s64.error.ApiException} whose {@link io.s64.error.ApiException#isAuthentication()} is true. No message contains the
 * API key or a signed URL.
 *
 * <p><b>Meters.</b> Given a Micrometer {@code MeterRegistry} ({@link Builder#meterRegistry}), the
 * client records its requests by operation and status class, 429s by kind, retries, page latency,
 * and gauges of its budget and slots; the README lists every meter. Micrometer is an optional
 * dependency: without a registry the client needs none of its classes.
 *
 * <p><b>Lifecycle.</b> {@link #close()} releases the connection pool; calls made afterwards fail.
 */
public final class Sixtyfour {
  /** Where the API lives. */
  public static final String DEFAULT_BASE_URL = "https://api.sixtyfour.ai";

  private final URI baseUrl;
  private final HttpTransport transport;
  private final RequestBudget budget;
  private final SearchSlots slots;
  private final Scheduler scheduler;
  private final Caller caller;

  private Sixtyfour(Builder b, String apiKey) {
    this.baseUrl = b.baseUrl;
    this.scheduler = b.scheduler;
    this.transport = b.transport != null
        ? b.transport
        : HttpTransport.netty(b.baseUrl, b.connectTimeout, b.responseTimeout, b.maxConnections);
    this.budget = b.budget != null
        ? b.budget
        : RequestBudget.local(b.rateLimit, b.rateWindow, b.maxConnections, b.scheduler);
    SearchSlots chosen = b.slots != null ? b.slots : SearchSlots.local(5);
    ClientMeters meters = ClientMeters.NONE;
    if (b.meterRegistry != null) {
      // The only line that loads a class naming Micrometer types, and only with a registry.
      PeakSlots counted = new PeakSlots(chosen);
      meters = MicrometerClientMeters.register(b.meterRegistry, budget, counted);
      chosen = counted;
    }
    this.slots = chosen;
    this.caller = new Caller(transport, budget, rules(b.retry), b.scheduler, apiKey, meters);
  }

  /** A builder with the defaults: the public API, 500 requests per minute, 5 slots. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a deep search. The request's {@code searchId}, or one generated here, goes with every
   * retry, so a lost response never starts a second search. Uses the {@link RequestBudget.Lane#SLOT} lane.
   *
   * @return the accepted task; fails with a {@link io.s64.error.RateLimitedException} whose {@link io.s64.error.RateLimitedException#slotsBusy()} is true when all of the
   *     organization's deep-search slots are busy (nothing was started)
   */
  public Mono<Task> startDeepSearch(DeepSearchRequest request) {
    String searchId = request.searchId() != null ? request.searchId() : UUID.randomUUID().toString();
    return caller.call(Endpoints.START_DEEP_SEARCH,
        Args.body(Encode.deepSearch(request, searchId)).forSearch(searchId));
  }

  /** The status of a deep search, in the {@link RequestBudget.Lane#SLOT} lane (the search holds a slot). */
  public Mono<SearchStatus> searchStatus(String taskId) {
    requireText("taskId", taskId);
    return caller.call(Endpoints.SEARCH_STATUS, Args.of(taskId));
  }

  /** The status of an export task: the same endpoint, in the {@link RequestBudget.Lane#BULK} lane. */
  public Mono<SearchStatus> exportStatus(String taskId) {
    requireText("taskId", taskId);
    return caller.call(Endpoints.EXPORT_STATUS, Args.of(taskId));
  }

  /** The first page of a query, in the {@link RequestBudget.Lane#BULK} lane. */
  public Mono<Page> query(QueryRequest request) {
    return timed(caller.call(Endpoints.QUERY, Args.body(Encode.query(request))));
  }

  /**
   * The first page of a query, in a chosen lane: {@link RequestBudget.Lane#CONTINUATION} when it replaces a
   * cursor that expired (work already under way), {@link RequestBudget.Lane#BULK} for new work.
   */
  public Mono<Page> query(QueryRequest request, RequestBudget.Lane lane) {
    return timed(caller.call(Endpoints.QUERY.withLane(lane), Args.body(Encode.query(request))));
  }

  /**
   * The page after the one that returned {@code cursor}: the body carries the cursor alone. In the
   * {@link RequestBudget.Lane#CONTINUATION} lane, ahead of new work, because the cursor expires.
   */
  public Mono<Page> nextPage(String cursor) {
    requireText("cursor", cursor);
    return timed(caller.call(Endpoints.NEXT_PAGE, Args.body(Encode.cursor(cursor))));
  }

  /**
   * Every page of a query, first to last, following cursors while {@code has_more} and {@code
   * next_cursor} say so; short and empty pages do not end it.
   */
  public Flux<Page> pages(QueryRequest request) {
    return query(request)
        .expand(page -> page.hasNext() ? nextPage(Objects.requireNonNull(page.nextCursor())) : Mono.empty());
  }

  /** Every row of a query, in order; a convenience over {@link #pages(QueryRequest)}. */
  public Flux<Row> rows(QueryRequest request) {
    return pages(request).concatMapIterable(Page::rows);
  }

  /**
   * Starts a CSV export of an earlier search. A second export of the same search while one runs
   * fails with an {@link io.s64.error.ApiException} of status 409.
   */
  public Mono<Task> export(String searchId) {
    requireText("searchId", searchId);
    return caller.call(Endpoints.EXPORT, Args.body(Encode.export(searchId)).forSearch(searchId));
  }

  /** A signed URL for a result CSV, valid for about 15 minutes. */
  public Mono<DownloadLink> downloadLink(String resourceHandleId) {
    requireText("resourceHandleId", resourceHandleId);
    return caller.call(Endpoints.DOWNLOAD_LINK, Args.of(resourceHandleId));
  }

  /**
   * Streams a signed URL's content from byte {@code offset} on, chunk by chunk, without the API
   * key and outside the request budget (storage is not the API). An expired URL fails with an
   * {@link io.s64.error.ApiException} of status 403: ask for a new link and continue from the
   * bytes already read.
   */
  public Flux<ByteBuffer> download(DownloadLink link, long offset) {
    if (offset < 0) {
      throw new ConfigurationException("offset must be at least 0 but was " + offset);
    }
    return transport.download(link.url(), offset);
  }

  /**
   * Starts research about a person ({@code POST /people-intelligence-async}); poll the job with
   * {@link #jobStatus}. The endpoint has no idempotency key, so the start is sent again only after
   * an answer that proves nothing was done (a 429, a 503, a refused connection); after a lost
   * answer (a timeout, a reset, an unreadable 200) or an ambiguous one (500, 502, 504) the job may
   * have started, retrying could pay twice, and the error reaches the caller. A {@code tier} the
   * organization lacks fails with a 403 {@link io.s64.error.ApiException}.
   */
  public Mono<Task> startPeopleIntelligence(PeopleIntelligenceRequest request) {
    return caller.call(Endpoints.START_PEOPLE_INTELLIGENCE, Args.body(Encode.people(request)));
  }

  /** Starts research about a company ({@code POST /company-intelligence-async}); as {@link #startPeopleIntelligence}. */
  public Mono<Task> startCompanyIntelligence(CompanyIntelligenceRequest request) {
    return caller.call(Endpoints.START_COMPANY_INTELLIGENCE, Args.body(Encode.company(request)));
  }

  /** The status of an asynchronous enrichment job, in the {@link RequestBudget.Lane#BULK} lane. */
  public Mono<JobStatus> jobStatus(String jobId) {
    requireText("jobId", jobId);
    return caller.call(Endpoints.JOB_STATUS, Args.of(jobId));
  }

  /**
   * The organization's credit balance ({@code GET /check-balance}), in the {@link
   * RequestBudget.Lane#SLOT} lane. The API lowers it with every charged search and job, and answers
   * a start it cannot cover with a 402 {@link io.s64.error.ApiException}.
   */
  public Mono<BigDecimal> creditBalance() {
    return caller.call(Endpoints.CHECK_BALANCE, Args.of());
  }

  /** The organization's workflows, without their definitions ({@code GET /workflows}). */
  public Mono<List<Workflows.Workflow>> workflows() {
    return caller.call(Endpoints.WORKFLOWS, Args.of());
  }

  /** One workflow with its definition; an unknown id fails with a 404 {@link io.s64.error.ApiException}. */
  public Mono<Workflows.Workflow> workflow(String workflowId) {
    requireText("workflowId", workflowId);
    return caller.call(Endpoints.WORKFLOW, Args.of(workflowId));
  }

  /** The block catalogue: each block type and the JSON Schema of its specs. */
  public Mono<List<Workflows.BlockType>> workflowBlocks() {
    return caller.call(Endpoints.WORKFLOW_BLOCKS, Args.of());
  }

  /**
   * Creates a workflow; an invalid definition fails with a 422 {@link io.s64.error.ApiException}
   * whose {@code errors} name the problem. Without a client-chosen id, a create whose answer was
   * lost is not sent again (it could create a second workflow).
   */
  public Mono<Workflows.Workflow> createWorkflow(Workflows.NewWorkflow workflow) {
    return caller.call(Endpoints.CREATE_WORKFLOW, Args.body(WorkflowJson.create(workflow)));
  }

  /** Updates the parts given (null: unchanged) of a workflow, creating it when it does not exist. */
  public Mono<Workflows.Workflow> updateWorkflow(String workflowId, @Nullable String name,
      @Nullable String description, Workflows.@Nullable Graph graph) {
    requireText("workflowId", workflowId);
    return caller.call(Endpoints.UPDATE_WORKFLOW,
        Args.body(WorkflowJson.update(name, description, graph)).with(workflowId));
  }

  /** Deletes a workflow; its runs and their results stay. */
  public Mono<Workflows.Workflow> deleteWorkflow(String workflowId) {
    requireText("workflowId", workflowId);
    return caller.call(Endpoints.DELETE_WORKFLOW, Args.of(workflowId));
  }

  /**
   * Starts a run. With an {@link Workflows.RunRequest#idempotencyKey() idempotency key}, every
   * attempt sends it, so a start whose answer was lost is sent again safely: the server answers
   * {@code already_started} with the first run's id. Without one, a lost answer is not retried.
   * The seed's 400s (rows for a workflow whose source is not a webhook, rows missing a column the
   * webhook's input schema requires) and an unknown workflow's 404 fail with an {@link
   * io.s64.error.ApiException} carrying the server's detail.
   */
  public Mono<Workflows.RunStarted> runWorkflow(Workflows.RunRequest run) {
    Args args = Args.body(WorkflowJson.run(run)).with(run.workflowId(), Boolean.toString(run.saveJson()));
    for (String format : run.resultFormats()) {
      args = args.withQuery("result_formats", format);
    }
    String key = run.idempotencyKey();
    return key == null
        ? caller.call(Endpoints.RUN_WORKFLOW_UNKEYED, args)
        : caller.call(Endpoints.RUN_WORKFLOW, args.withHeader("Idempotency-Key", key));
  }

  /**
   * Runs, newest first.
   *
   * @param status {@code running}, {@code completed}, {@code cancelled}, {@code active} (queued or
   *     running), or null for all
   * @param workflowId only this workflow's runs, or null
   * @param limit 1..500
   */
  public Mono<List<Workflows.Run>> workflowRuns(@Nullable String status, @Nullable String workflowId,
      int limit) {
    if (limit < 1 || limit > 500) {
      throw new ConfigurationException("limit must be in 1..500 but was " + limit);
    }
    return caller.call(Endpoints.WORKFLOW_RUNS, Args.of().withQuery("status", status)
        .withQuery("workflow_id", workflowId).withQuery("limit", limit));
  }

  /** A run's live status, with its blocks' progress. */
  public Mono<Workflows.LiveStatus> workflowLiveStatus(String runId) {
    requireText("runId", runId);
    return caller.call(Endpoints.WORKFLOW_LIVE_STATUS, Args.of(runId));
  }

  /** Cancels a run; emits the status the server reports after it. */
  public Mono<String> cancelWorkflowRun(String runId) {
    requireText("runId", runId);
    return caller.call(Endpoints.CANCEL_WORKFLOW_RUN, Args.of(runId));
  }

  /**
   * Signed links to a run's result files, each valid for about 15 minutes.
   *
   * @param format {@code csv}, {@code json} (only for a run started with {@code saveJson}) or
   *     {@code ndjson}
   */
  public Mono<List<Workflows.ResultFile>> workflowResults(String runId, String format) {
    requireText("runId", runId);
    if (!format.equals("csv") && !format.equals("json") && !format.equals("ndjson")) {
      throw new ConfigurationException("format must be csv, json or ndjson but was '" + format + "'");
    }
    return caller.call(Endpoints.WORKFLOW_RESULTS, Args.of(runId, format));
  }

  /** The request budget of this client's key. */
  public RequestBudget budget() {
    return budget;
  }

  /** A snapshot of the request budget. */
  public RequestBudget.State budgetState() {
    return budget.state();
  }

  /** The organization's deep-search slots, shared by every batch on this client. */
  public SearchSlots slots() {
    return slots;
  }

  /** The scheduler whose clock and timers this client uses. */
  public Scheduler scheduler() {
    return scheduler;
  }

  /** Requests retried so far: transient failures and rate-limit waits. */
  public long retries() {
    return caller.retries();
  }

  /** Releases the connection pool. */
  public Mono<Void> close() {
    return transport.close();
  }

  /** For internal use by the batch pipeline: text cleaned of the key and signed URLs. */
  String redact(String text) {
    return caller.redactor().clean(text);
  }

  @Override
  public String toString() {
    return "Sixtyfour[" + baseUrl + ", " + budget + ", " + slots.capacity() + " slots]";
  }

  /** A page request, measured from asking to having the page when the client has meters. */
  private Mono<Page> timed(Mono<Page> page) {
    ClientMeters meters = caller.meters();
    if (meters == ClientMeters.NONE) {
      return page;
    }
    return Mono.defer(() -> {
      long asked = scheduler.now(TimeUnit.NANOSECONDS);
      return page.doOnNext(p -> meters.page(
          Duration.ofNanos(Math.max(0, scheduler.now(TimeUnit.NANOSECONDS) - asked))));
    });
  }

  /** The part of the public retry policy the caller reads. */
  private static RetryRules rules(RetryPolicy policy) {
    return new RetryRules(policy.maxAttempts(), policy.maxRateLimitWaits(), policy::backoff);
  }

  private static void requireText(String name, @Nullable String value) {
    if (value == null || value.isBlank()) {
      throw new ConfigurationException(name + " must not be blank but was '" + value + "'");
    }
  }

  /**
   * Configures a {@link Sixtyfour} client. Only the API key is required.
   *
   * <table>
   *   <caption>Defaults</caption>
   *   <tr><td>baseUrl</td><td>{@value #DEFAULT_BASE_URL}; plain http only for loopback hosts
   *       unless {@link #allowInsecureHttp(boolean)}</td></tr>
   *   <tr><td>connectTimeout / responseTimeout</td><td>10 s / 60 s</td></tr>
   *   <tr><td>rateLimit</td><td>500 requests per 60 s</td></tr>
   *   <tr><td>slots</td><td>5 deep searches at once</td></tr>
   *   <tr><td>retry</td><td>{@link RetryPolicy#defaults()}</td></tr>
   *   <tr><td>scheduler</td><td>{@link Schedulers#parallel()}</td></tr>
   * </table>
   */
  public static final class Builder {
    private URI baseUrl = URI.create(DEFAULT_BASE_URL);
    private @Nullable String apiKey;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration responseTimeout = Duration.ofSeconds(60);
    private int maxConnections = 128;
    private int rateLimit = 500;
    private Duration rateWindow = Duration.ofSeconds(60);
    private @Nullable RequestBudget budget;
    private @Nullable SearchSlots slots;
    private RetryPolicy retry = RetryPolicy.defaults();
    private Scheduler scheduler = Schedulers.parallel();
    private boolean allowInsecureHttp;
    private @Nullable HttpTransport transport;
    /** A {@code MeterRegistry}, kept as an Object so that the builder loads without Micrometer. */
    private @Nullable Object meterRegistry;

    private Builder() {}

    /** Where the API lives; {@code https}, or {@code http} on a loopback host. */
    public Builder baseUrl(String url) {
      URI uri;
      try {
        uri = URI.create(url.trim());
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException("baseUrl must be a URL but was '" + url + "'");
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
        throw new ConfigurationException("baseUrl must be an http(s) URL with a host but was '" + url + "'");
      }
      if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
        throw new ConfigurationException(
            "baseUrl must not carry credentials, a query or a fragment but was '" + uri.getScheme()
                + "://" + uri.getHost() + "...'");
      }
      this.baseUrl = uri;
      return this;
    }

    /** The API key, sent as {@code x-api-key} to the API only; never logged or printed. */
    public Builder apiKey(String key) {
      if (key == null || key.isBlank()) {
        throw new ConfigurationException("apiKey must not be blank");
      }
      if (!key.equals(key.trim()) || key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
        throw new ConfigurationException(
            "apiKey must be printable ASCII without spaces (check for a stray newline or space)");
      }
      this.apiKey = key;
      return this;
    }

    /** The TCP connect timeout. */
    public Builder connectTimeout(Duration d) {
      this.connectTimeout = positive("connectTimeout", d);
      return this;
    }

    /** The longest wait for (or silence within) a response before it counts as lost and is retried. */
    public Builder responseTimeout(Duration d) {
      this.responseTimeout = positive("responseTimeout", d);
      return this;
    }

    /**
     * The connection pool size (128), which is also how many requests the client's own budget keeps
     * on the wire at once: requests wait in the budget's lanes, never in the pool's queue.
     * Connections open only when needed. Keep it at least the burst a rate window allows when the
     * server answers quickly (the budget grants a fresh window at once), or that burst takes
     * several round trips.
     */
    public Builder maxConnections(int n) {
      if (n < 1) {
        throw new ConfigurationException("maxConnections must be at least 1 but was " + n);
      }
      this.maxConnections = n;
      return this;
    }

    /** The key's request budget: {@code limit} requests per {@code window} (500 per 60 s). */
    public Builder rateLimit(int limit, Duration window) {
      if (limit < 1) {
        throw new ConfigurationException("rateLimit must be at least 1 but was " + limit);
      }
      this.rateLimit = limit;
      this.rateWindow = positive("rateWindow", window);
      this.budget = null;
      return this;
    }

    /** A budget to use instead of a new local one: to share it, or {@link RequestBudget#unlimited()}. */
    public Builder budget(RequestBudget b) {
      this.budget = Objects.requireNonNull(b, "budget");
      return this;
    }

    /** How many deep searches may run at once (5). */
    public Builder slots(int n) {
      this.slots = SearchSlots.local(n);
      return this;
    }

    /** Slots to use instead of new local ones, to share them. */
    public Builder slots(SearchSlots s) {
      this.slots = Objects.requireNonNull(s, "slots");
      return this;
    }

    /** How transient failures are retried. */
    public Builder retry(RetryPolicy policy) {
      this.retry = Objects.requireNonNull(policy, "retry");
      return this;
    }

    /** The clock and the timers; pass a {@code VirtualTimeScheduler} in tests. */
    public Builder scheduler(Scheduler s) {
      this.scheduler = Objects.requireNonNull(s, "scheduler");
      return this;
    }

    /** Allows a plain-http base URL on a non-loopback host; the key then travels in clear text. */
    public Builder allowInsecureHttp(boolean allow) {
      this.allowInsecureHttp = allow;
      return this;
    }

    /**
     * Records the client's meters in {@code registry} (none by default): requests by operation
     * and status class ({@code s64.client.requests}), 429s by kind, retries, page latency, and
     * gauges of the budget (tokens available, requests waiting per lane) and the slots (in use,
     * waiting, peak). Tags never carry the API key, a query, an id or a URL. Needs
     * {@code io.micrometer:micrometer-core}, an optional dependency of s64.
     */
    public Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
      this.meterRegistry = Objects.requireNonNull(registry, "meterRegistry");
      return this;
    }

    /** A transport to use instead of Reactor Netty: for in-process tests and benchmarks. */
    public Builder transport(HttpTransport t) {
      this.transport = Objects.requireNonNull(t, "transport");
      return this;
    }

    /** Builds the client. */
    public Sixtyfour build() {
      String key = apiKey;
      if (key == null) {
        throw new ConfigurationException("apiKey must be set (for example from SIXTYFOUR_API_KEY)");
      }
      if (baseUrl.getScheme().equalsIgnoreCase("http") && !allowInsecureHttp && !isLoopback(baseUrl.getHost())) {
        throw new ConfigurationException("baseUrl must use https for host '" + baseUrl.getHost()
            + "' (plain http would send the API key in clear text); allowInsecureHttp(true) overrides");
      }
      return new Sixtyfour(this, key);
    }

    private static boolean isLoopback(String host) {
      String h = host.toLowerCase(Locale.ROOT);
      if (h.startsWith("[") && h.endsWith("]")) {
        h = h.substring(1, h.length() - 1);
      }
      return h.equals("localhost") || h.endsWith(".localhost") || h.equals("::1")
          || h.equals("0:0:0:0:0:0:0:1") || h.matches("127(\\.\\d{1,3}){3}");
    }

    private static Duration positive(String name, Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new ConfigurationException(name + " must be positive but was " + d);
      }
      return d;
    }
  }
}

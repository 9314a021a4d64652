package io.s64.job;

import io.s64.error.ConfigurationException;
import io.s64.model.CompanyIntelligenceRequest;
import io.s64.model.DeepSearchRequest;
import io.s64.model.PeopleIntelligenceRequest;
import io.s64.model.QueryRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One unit of work of a batch, with the caller's id: one record per kind, each holding only its own
 * fields. Build one with the factories:
 *
 * <pre>{@code
 * Job.deep("lead-17", DeepSearchRequest.of("CTOs of Series A fintechs in Berlin"));
 * Job.query("us-saas", QueryRequest.simpleFilters(Map.of("hq_country_iso2", Map.of("$eq", "US"))));
 * Job.query("again", QueryRequest.searchId("8b1f...")); // a Requery
 * Job.export("csv-1", "8b1f...");
 * Job.people("p-1", PeopleIntelligenceRequest.of(Map.of("name", "Ada Lovelace")));
 * Job.invalid("line-9", "line 9: field 'mode': must be people or company but was 'robots'");
 * }</pre>
 *
 * <p>Where a caller needs the kind's own fields, it asks with a pattern:
 * {@code if (job instanceof Job.DeepSearch deep) { ... deep.request() ... }}. {@link #kind()} names
 * the kind in files and outcomes.
 *
 * <p>An {@link Invalid} job carries what was wrong with the input it came from; the batch turns it
 * into an {@code invalid} outcome in order with the rest, so every input has exactly one outcome.
 */
public sealed interface Job {

  /** The caller's id, unique within a batch; outcomes and result rows carry it. */
  String id();

  /** What kind of job this is, as written in files and outcomes. */
  Kind kind();

  /** Where an earlier, interrupted run left this job, or null. */
  @Nullable Resume resume();

  /** The same job, resuming where an earlier run left it. */
  Job withResume(@Nullable Resume r);

  /** The kinds of job, by the names files use ({@code deep}, {@code filter}, ...). */
  enum Kind {
    /** A natural-language deep search: start, poll, then read its results. */
    DEEP,
    /** A filter (or natural-language) query answered page by page. */
    FILTER,
    /** The results of an existing search, by its search id. */
    REQUERY,
    /** A CSV export of an existing search. */
    EXPORT,
    /** Asynchronous research about a person: one result row. Holds no search slot. */
    PEOPLE_INTELLIGENCE,
    /** Asynchronous research about a company: one result row. Holds no search slot. */
    COMPANY_INTELLIGENCE,
    /** Rows pushed through a Sixtyfour workflow, in runs of at most {@code rowsPerRun} rows. */
    WORKFLOW,
    /** Input that could not become a job. */
    INVALID
  }

  /** A deep search. */
  static DeepSearch deep(String id, DeepSearchRequest request) {
    return new DeepSearch(id, request, null);
  }

  /** A query job: a {@link Requery} for a search id, a {@link Filter} for other sources. */
  static Job query(String id, QueryRequest request) {
    Objects.requireNonNull(request, "request");
    return request.source() == QueryRequest.Source.SEARCH_ID
        ? new Requery(id, request, null)
        : new Filter(id, request, null);
  }

  /** A CSV export of an existing search. */
  static Export export(String id, String searchId) {
    return new Export(id, searchId, null);
  }

  /** Research about a person, delivered as one result row. */
  static PeopleIntelligence people(String id, PeopleIntelligenceRequest request) {
    return new PeopleIntelligence(id, request, null);
  }

  /** Research about a company, delivered as one result row. */
  static CompanyIntelligence company(String id, CompanyIntelligenceRequest request) {
    return new CompanyIntelligence(id, request, null);
  }

  /**
   * Rows pushed through the workflow {@code workflowId} in runs of at most {@code rowsPerRun} rows
   * each (the API's {@code webhook_payload}); the result rows carry {@code _run_id}.
   */
  static Workflow workflow(String id, String workflowId, List<? extends Map<String, ?>> rows,
      int rowsPerRun, boolean saveJson) {
    return new Workflow(id, workflowId, List.copyOf(rows), rowsPerRun, saveJson, null);
  }

  /** Input that could not become a job; it ends as an {@code invalid} outcome. */
  static Invalid invalid(String id, String problem) {
    return new Invalid(id, problem, null);
  }

  /** A natural-language deep search: take a slot, start, poll, then read its results. */
  record DeepSearch(String id, DeepSearchRequest request, @Nullable Resume resume) implements Job {
    public DeepSearch {
      checkId(id);
      Objects.requireNonNull(request, "request");
    }

    @Override
    public Kind kind() {
      return Kind.DEEP;
    }

    @Override
    public DeepSearch withResume(@Nullable Resume r) {
      return new DeepSearch(id, request, r);
    }
  }

  /** A filter (or natural-language) query, read page by page. */
  record Filter(String id, QueryRequest request, @Nullable Resume resume) implements Job {
    public Filter {
      checkId(id);
      Objects.requireNonNull(request, "request");
      if (request.source() == QueryRequest.Source.SEARCH_ID) {
        throw new ConfigurationException("job '" + id + "': a query by search id is a Requery, not a Filter");
      }
    }

    @Override
    public Kind kind() {
      return Kind.FILTER;
    }

    @Override
    public Filter withResume(@Nullable Resume r) {
      return new Filter(id, request, r);
    }
  }

  /** The results of an existing search, read again by its search id. */
  record Requery(String id, QueryRequest request, @Nullable Resume resume) implements Job {
    public Requery {
      checkId(id);
      Objects.requireNonNull(request, "request");
      if (request.source() != QueryRequest.Source.SEARCH_ID) {
        throw new ConfigurationException("job '" + id + "': a Requery reads by search id but its"
            + " query's source was " + request.source());
      }
    }

    @Override
    public Kind kind() {
      return Kind.REQUERY;
    }

    @Override
    public Requery withResume(@Nullable Resume r) {
      return new Requery(id, request, r);
    }
  }

  /** A CSV export of an existing search: start it, poll it, read the file. */
  record Export(String id, String searchId, @Nullable Resume resume) implements Job {
    public Export {
      checkId(id);
      Objects.requireNonNull(searchId, "searchId");
      if (searchId.isBlank()) {
        throw new ConfigurationException("job '" + id + "': searchId to export must not be blank");
      }
    }

    @Override
    public Kind kind() {
      return Kind.EXPORT;
    }

    @Override
    public Export withResume(@Nullable Resume r) {
      return new Export(id, searchId, r);
    }
  }

  /** Asynchronous research about a person, delivered as one row. */
  record PeopleIntelligence(String id, PeopleIntelligenceRequest request, @Nullable Resume resume)
      implements Job {
    public PeopleIntelligence {
      checkId(id);
      Objects.requireNonNull(request, "request");
    }

    @Override
    public Kind kind() {
      return Kind.PEOPLE_INTELLIGENCE;
    }

    @Override
    public PeopleIntelligence withResume(@Nullable Resume r) {
      return new PeopleIntelligence(id, request, r);
    }
  }

  /** Asynchronous research about a company, delivered as one row. */
  record CompanyIntelligence(String id, CompanyIntelligenceRequest request, @Nullable Resume resume)
      implements Job {
    public CompanyIntelligence {
      checkId(id);
      Objects.requireNonNull(request, "request");
    }

    @Override
    public Kind kind() {
      return Kind.COMPANY_INTELLIGENCE;
    }

    @Override
    public CompanyIntelligence withResume(@Nullable Resume r) {
      return new CompanyIntelligence(id, request, r);
    }
  }

  /**
   * Rows pushed through a workflow: split into runs of at most {@code rowsPerRun} rows, each run
   * started with an idempotency key derived from the job id, the run's index and its rows, polled
   * to its end, and its result file streamed into the sink.
   *
   * @param workflowId the workflow, whose source block must be a {@code webhook}
   * @param rows the rows, in order; each becomes one element of a run's {@code webhook_payload}
   * @param rowsPerRun the most rows one run takes, at least 1
   * @param saveJson start the runs with {@code save_json=true}
   */
  record Workflow(String id, String workflowId, List<Map<String, ?>> rows, int rowsPerRun,
      boolean saveJson, @Nullable Resume resume) implements Job {
    /** The largest {@code rowsPerRun}. */
    public static final int MAX_ROWS_PER_RUN = 10_000;

    public Workflow {
      checkId(id);
      if (workflowId == null || workflowId.isBlank()) {
        throw new ConfigurationException("job '" + id + "': workflow_id must not be blank but was '"
            + workflowId + "'");
      }
      rows = List.copyOf(rows);
      if (rows.isEmpty()) {
        throw new ConfigurationException("job '" + id + "': rows must not be empty");
      }
      if (rowsPerRun < 1 || rowsPerRun > MAX_ROWS_PER_RUN) {
        throw new ConfigurationException("job '" + id + "': rows_per_run must be in 1.."
            + MAX_ROWS_PER_RUN + " but was " + rowsPerRun);
      }
    }

    /** How many runs the rows make. */
    public int runs() {
      return (rows.size() + rowsPerRun - 1) / rowsPerRun;
    }

    @Override
    public Kind kind() {
      return Kind.WORKFLOW;
    }

    @Override
    public Workflow withResume(@Nullable Resume r) {
      return new Workflow(id, workflowId, rows, rowsPerRun, saveJson, r);
    }

    @Override
    public String toString() {
      return "Workflow[" + id + ", " + workflowId + ", " + rows.size() + " rows, " + rowsPerRun
          + " per run]";
    }
  }

  /** Input that could not become a job, with what was wrong with it. */
  record Invalid(String id, String problem, @Nullable Resume resume) implements Job {
    public Invalid {
      checkId(id);
      Objects.requireNonNull(problem, "problem");
    }

    @Override
    public Kind kind() {
      return Kind.INVALID;
    }

    @Override
    public Invalid withResume(@Nullable Resume r) {
      return new Invalid(id, problem, r);
    }
  }

  /**
   * Where one job stands, as one immutable value advanced by the same {@link BatchEvent}s that the
   * journal records: the batch advances it as the job runs, and a resumed run rebuilds it by
   * replaying the journal's events ({@link #apply}), so the two can never disagree.
   *
   * @param admitted a batch took the job, so its start may have been sent (an enrichment start
   *     without a task id is then not sent again: it has no idempotency key)
   * @param searchId the search id the job was admitted with (deep searches) or read from (others)
   * @param taskId the acknowledged task (a deep search, an export or an enrichment job), or null
   * @param terminalStatus the task's terminal status once seen, or null
   * @param resourceHandleId the result file of a terminal task, when it has one
   * @param cursor the cursor of the next page not yet committed, or null
   * @param byteOffset for CSV downloads, the byte after the last committed row, else 0
   * @param rows rows delivered to the sink and committed
   * @param complete every row was delivered; only the outcome is missing
   * @param runs for a workflow job, the runs the server acknowledged, by their index in the job
   *     (the latest attempt of each); a resumed job re-attaches to these by id and starts only the
   *     others
   */
  record Progress(
      boolean admitted,
      @Nullable String searchId,
      @Nullable String taskId,
      @Nullable String terminalStatus,
      @Nullable String resourceHandleId,
      @Nullable String cursor,
      long byteOffset,
      long rows,
      boolean complete,
      Map<Integer, RunStart> runs) {

    /** A job nothing has happened to yet. */
    public static final Progress NONE =
        new Progress(false, null, null, null, null, null, 0, 0, false, Map.of());

    public Progress {
      runs = Map.copyOf(runs);
    }

    /** The progress after {@code event}; events of other kinds than the journal's change nothing. */
    public Progress apply(BatchEvent event) {
      if (event instanceof BatchEvent.Admitted a) {
        return new Progress(true, or(a.searchId(), searchId), taskId, terminalStatus,
            resourceHandleId, cursor, byteOffset, rows, complete, runs);
      }
      if (event instanceof BatchEvent.Started s) {
        return new Progress(admitted, or(s.searchId(), searchId), s.taskId(), null, null, cursor,
            byteOffset, rows, complete, s.run() == null ? runs : started(s.taskId(), s.run()));
      }
      if (event instanceof BatchEvent.Terminal t) {
        return new Progress(admitted, or(t.searchId(), searchId), t.taskId(), t.status(),
            t.resourceHandleId(), cursor, byteOffset, rows, complete,
            RunStart.STALLED.equals(t.status()) ? stalled(t.taskId()) : runs);
      }
      if (event instanceof BatchEvent.Committed c) {
        return new Progress(admitted, or(c.searchId(), searchId), taskId, terminalStatus,
            resourceHandleId, c.cursor(), c.byteOffset(), c.rowsSoFar(), c.last(), runs);
      }
      return this;
    }

    /** The same progress with {@code n} rows known to be delivered (from the sink's own files). */
    public Progress withRows(long n) {
      return new Progress(admitted, searchId, taskId, terminalStatus, resourceHandleId, cursor,
          byteOffset, n, complete, runs);
    }

    /**
     * The same progress without the workflow runs it knows: for a server that does not know them
     * (a new embedded emulator), where each run is started again under its key.
     */
    public Progress withoutRuns() {
      return new Progress(admitted, searchId, taskId, terminalStatus, resourceHandleId, cursor,
          byteOffset, rows, complete, Map.of());
    }

    /** The runs after run {@code runId} was acknowledged; an older attempt never replaces a newer. */
    private Map<Integer, RunStart> started(String runId, BatchEvent.RunSlot slot) {
      RunStart prior = runs.get(slot.index());
      if (prior != null && prior.attempt() > slot.attempt()) {
        return runs;
      }
      String replaced = prior == null ? null
          : prior.attempt() < slot.attempt() ? prior.runId() : prior.replaced();
      Map<Integer, RunStart> next = new HashMap<>(runs);
      next.put(slot.index(), new RunStart(slot.index(), slot.attempt(), runId, replaced,
          prior != null && prior.runId().equals(runId) && prior.stalled()));
      return next;
    }

    /** The runs after run {@code runId} was cancelled for making no progress. */
    private Map<Integer, RunStart> stalled(String runId) {
      Map<Integer, RunStart> next = new HashMap<>(runs);
      runs.values().stream().filter(r -> r.runId().equals(runId)).forEach(r -> next.put(r.index(),
          new RunStart(r.index(), r.attempt(), r.runId(), r.replaced(), true)));
      return next;
    }

    private static @Nullable String or(@Nullable String value, @Nullable String otherwise) {
      return value != null ? value : otherwise;
    }
  }

  /**
   * A workflow run the server acknowledged ({@link BatchEvent.Started} with a {@link
   * BatchEvent.RunSlot}), as the journal keeps it.
   *
   * @param index the run's index in its job
   * @param attempt 1 for the replacement of a stalled run, else 0
   * @param runId the server's id of the run
   * @param replaced the stalled run this one replaced, when known
   * @param stalled s64 cancelled the run for making no progress (a {@code stalled} terminal)
   */
  record RunStart(int index, int attempt, String runId, @Nullable String replaced, boolean stalled) {
    /** The terminal status s64 records for a run it cancelled because it stalled. */
    public static final String STALLED = "stalled";

    public RunStart {
      Objects.requireNonNull(runId, "runId");
    }
  }

  /**
   * Where an interrupted run left a job: its {@link Progress} replayed from the journal, and the
   * keys of the rows it had already written. Resuming never starts a search or a workflow run
   * whose start was acknowledged (it polls the task, or the run's live status, by its id), retries
   * an unacknowledged start with the same search id or idempotency key, and never delivers a row
   * twice.
   *
   * @param progress where the job stood
   * @param deliveredKeys {@link io.s64.model.Row#key() keys} of rows already delivered; when empty,
   *     {@code progress.rows()} rows are skipped by position
   */
  record Resume(Progress progress, Set<String> deliveredKeys) {
    public Resume {
      Objects.requireNonNull(progress, "progress");
      deliveredKeys = Set.copyOf(deliveredKeys);
    }
  }

  private static void checkId(String id) {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new ConfigurationException("id must not be blank but was '" + id + "'");
    }
  }
}

package io.s64.internal;

import io.s64.limits.RequestBudget;
import static io.s64.internal.Endpoint.Method.GET;
import static io.s64.internal.Endpoint.Method.POST;
import static io.s64.internal.Endpoint.Retry.ANY_TRANSIENT;
import static io.s64.internal.Endpoint.Retry.ONLY_IF_NOT_ACTED_ON;
import static io.s64.internal.Endpoint.TooManyRequests.MAY_MEAN_SLOTS_BUSY;
import static io.s64.internal.Endpoint.TooManyRequests.MEANS_RATE_LIMIT;
import static io.s64.limits.RequestBudget.Lane.BULK;
import static io.s64.limits.RequestBudget.Lane.CONTINUATION;
import static io.s64.limits.RequestBudget.Lane.SLOT;

import io.s64.model.Task;
import io.s64.model.DownloadLink;
import io.s64.model.JobStatus;
import io.s64.model.Page;
import io.s64.model.SearchStatus;
import io.s64.model.Workflows;
import java.util.List;

/**
 * Every API operation the client calls, each declared once. Read across, a declaration is:
 * method, path template, lane, retry rule, what a 429 can mean, decoder.
 *
 * <p>Where one URL serves two purposes that wait in different lanes, the second is the first
 * {@linkplain Endpoint#withLane in another lane}, so the method, path and decoder stay written
 * once: an export's status is a search's status polled without holding a slot, and a next page is
 * a query whose cursor is ticking.
 */
public final class Endpoints {
  private Endpoints() {}

  /**
   * Starts a deep search. Its body carries a {@code search_id} that every retry repeats, which
   * makes it idempotent; a 429 with room left in the window means the slots are busy.
   */
  public static final Endpoint<Task> START_DEEP_SEARCH = new Endpoint<>(
      POST, "/search/start-deep-search", SLOT, ANY_TRANSIENT, MAY_MEAN_SLOTS_BUSY,
      (r, op, args) -> Decode.task(r, op, args.requireSearchId()));

  /** A deep search's status, polled while it holds a slot. */
  public static final Endpoint<SearchStatus> SEARCH_STATUS = new Endpoint<>(
      GET, "/search/status/{taskId}", SLOT, ANY_TRANSIENT, MEANS_RATE_LIMIT,
      (r, op, args) -> Decode.status(r, op));

  /** An export task's status: the same endpoint, with no slot to keep moving. */
  public static final Endpoint<SearchStatus> EXPORT_STATUS = SEARCH_STATUS.withLane(BULK);

  /** The first page of a query: new work, unless the caller names another lane. */
  public static final Endpoint<Page> QUERY = new Endpoint<>(
      POST, "/search/query", BULK, ANY_TRANSIENT, MEANS_RATE_LIMIT,
      (r, op, args) -> Decode.page(r, op));

  /** The page after a cursor, ahead of new work because the cursor expires. */
  public static final Endpoint<Page> NEXT_PAGE = QUERY.withLane(CONTINUATION);

  /** Starts a CSV export of an earlier search; the answer names that search. */
  public static final Endpoint<Task> EXPORT = new Endpoint<>(
      POST, "/search/export", BULK, ANY_TRANSIENT, MEANS_RATE_LIMIT,
      (r, op, args) -> Decode.task(r, op, args.requireSearchId()));

  /** A signed URL for a result CSV. */
  public static final Endpoint<DownloadLink> DOWNLOAD_LINK = new Endpoint<>(
      GET, "/search/download?resource_handle_id={resourceHandleId}", BULK, ANY_TRANSIENT,
      MEANS_RATE_LIMIT, (r, op, args) -> Decode.link(r, op));

  /** Starts research about a person: billed, and without an idempotency key. */
  public static final Endpoint<Task> START_PEOPLE_INTELLIGENCE = new Endpoint<>(
      POST, "/people-intelligence-async", BULK, ONLY_IF_NOT_ACTED_ON, MEANS_RATE_LIMIT,
      (r, op, args) -> Decode.asyncJob(r, op));

  /** Starts research about a company: billed, and without an idempotency key. */
  public static final Endpoint<Task> START_COMPANY_INTELLIGENCE = new Endpoint<>(
      POST, "/company-intelligence-async", BULK, ONLY_IF_NOT_ACTED_ON, MEANS_RATE_LIMIT,
      (r, op, args) -> Decode.asyncJob(r, op));

  /**
   * The organization's credit balance. In the slot lane: a batch with a credit limit reads it
   * before it lets more paid starts out, so it must not wait behind bulk work.
   */
  public static final Endpoint<java.math.BigDecimal> CHECK_BALANCE = new Endpoint<>(
      GET, "/check-balance", SLOT, ANY_TRANSIENT, MEANS_RATE_LIMIT,
      (r, op, args) -> Decode.credits(r, op));

  /** An asynchronous enrichment job's status. */
  public static final Endpoint<JobStatus> JOB_STATUS = new Endpoint<>(
      GET, "/job-status/{jobId}", BULK, ANY_TRANSIENT, MEANS_RATE_LIMIT,
      (r, op, args) -> Decode.job(r, op));

  /** The organization's workflows, without their definitions. */
  public static final Endpoint<List<Workflows.Workflow>> WORKFLOWS = new Endpoint<>(
      GET, "/workflows", BULK, ANY_TRANSIENT, MEANS_RATE_LIMIT,
      (r, op, args) -> WorkflowJson.workflows(r, op));

  /** One workflow with its definition. */
  public static final Endpoint<Workflows.Workflow> WORKFLOW = new Endpoint<>(
      GET, "/workflows/{workflowId}", BULK, ANY_TRANSIENT, MEANS_RATE_LIMIT,
      (r, op, args) -> WorkflowJson.workflow(r, op));

  /** The block catalogue. */
  public static final Endpoint<List<Workflows.BlockType>> WORKFLOW_BLOCKS = new Endpoint<>(
      GET, "/workflows/blocks", BULK, ANY_TRANSIENT, MEANS_RATE_LIMIT,
      (r, op, args) -> WorkflowJson.blocks(r, op));

  /**
   * Creates a workflow. Without a client-chosen id a second create makes a second workflow, so a
   * lost answer is not sent again; with one, a repeat is refused (409) and nothing doubles.
   */
  public static final Endpoint<Workflows.Workflow> CREATE_WORKFLOW = new Endpoint<>(
      POST, "/workflows/create_workflow", BULK, ONLY_IF_NOT_ACTED_ON, MEANS_RATE_LIMIT,
      (r, op, args) -> WorkflowJson.workflow(r, op));

  /** Updates (or creates) a workflow by id: an upsert, safe to repeat. */
  public static final Endpoint<Workflows.Workflow> UPDATE_WORKFLOW = new Endpoint<>(
      POST, "/workflows/update_workflow?workflow_id={workflowId}", BULK, ANY_TRANSIENT,
      MEANS_RATE_LIMIT, (r, op, args) -> WorkflowJson.workflow(r, op));

  /** Deletes a workflow (its runs stay); safe to repeat. */
  public static final Endpoint<Workflows.Workflow> DELETE_WORKFLOW = new Endpoint<>(
      POST, "/workflows/delete_workflow?workflow_id={workflowId}", BULK, ANY_TRANSIENT,
      MEANS_RATE_LIMIT, (r, op, args) -> WorkflowJson.workflow(r, op));

  /**
   * Starts a run. Billed; every attempt carries the same {@code Idempotency-Key}, which makes it
   * safe to repeat (the server answers {@code already_started} with the first run's id).
   */
  public static final Endpoint<Workflows.RunStarted> RUN_WORKFLOW = new Endpoint<>(
      POST, "/workflows/run?workflow_id={workflowId}&save_json={saveJson}", BULK, ANY_TRANSIENT,
      MEANS_RATE_LIMIT, (r, op, args) -> WorkflowJson.started(r, op));

  /** A run start without an idempotency key: sent again only when nothing can have started. */
  public static final Endpoint<Workflows.RunStarted> RUN_WORKFLOW_UNKEYED = new Endpoint<>(
      POST, RUN_WORKFLOW.path(), BULK, ONLY_IF_NOT_ACTED_ON, MEANS_RATE_LIMIT,
      RUN_WORKFLOW.decoder());

  /** Runs, newest first; status, workflow and limit are optional query parameters. */
  public static final Endpoint<List<Workflows.Run>> WORKFLOW_RUNS = new Endpoint<>(
      GET, "/workflows/runs", BULK, ANY_TRANSIENT, MEANS_RATE_LIMIT,
      (r, op, args) -> WorkflowJson.runs(r, op));

  /** A run's live status, with its blocks. */
  public static final Endpoint<Workflows.LiveStatus> WORKFLOW_LIVE_STATUS = new Endpoint<>(
      GET, "/workflows/runs/{runId}/live_status", BULK, ANY_TRANSIENT, MEANS_RATE_LIMIT,
      (r, op, args) -> WorkflowJson.liveStatus(r, op));

  /** Cancels a run; safe to repeat. */
  public static final Endpoint<String> CANCEL_WORKFLOW_RUN = new Endpoint<>(
      POST, "/workflows/cancel?job_id={runId}", BULK, ANY_TRANSIENT, MEANS_RATE_LIMIT,
      (r, op, args) -> WorkflowJson.cancelled(r, op));

  /** Signed links to a run's result files, in a chosen format. */
  public static final Endpoint<List<Workflows.ResultFile>> WORKFLOW_RESULTS = new Endpoint<>(
      GET, "/workflows/runs/{runId}/results/download-links?format={format}", BULK, ANY_TRANSIENT,
      MEANS_RATE_LIMIT, (r, op, args) -> WorkflowJson.resultFiles(r, op));
}

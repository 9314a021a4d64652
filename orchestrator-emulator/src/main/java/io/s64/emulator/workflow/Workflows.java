package io.s64.emulator.workflow;

import io.s64.emulator.EmulatorConfig;
import io.s64.emulator.http.Endpoint;
import io.s64.emulator.http.Route;
import io.s64.emulator.internal.Ids;
import io.s64.emulator.stats.StatsRecorder;
import java.time.Instant;
import java.util.Map;

/**
 * The workflow part of one emulator: the organization's definitions (with the demo workflows),
 * its runs, and the endpoints that serve them. The result links and files are the storage
 * package's; they read {@link #runs()}.
 */
public final class Workflows {
  /** The demo workflows' ids, as the docs name them. */
  public static final String DEMO_LEAD_ENRICHMENT = Demos.LEAD_ENRICHMENT;
  public static final String DEMO_COMPANY_ENRICHMENT = Demos.COMPANY_ENRICHMENT;
  public static final String DEMO_CSV_IMPORT = Demos.CSV_IMPORT;

  private final RunRegistry runs;
  private final DefinitionHandler definitions;
  private final RunHandler starts;
  private final RunStatusHandler status;

  public Workflows(EmulatorConfig config, Ids ids, StatsRecorder stats, Instant now) {
    WorkflowStore store = new WorkflowStore(now);
    this.runs = new RunRegistry(config, ids);
    this.definitions = new DefinitionHandler(store, ids);
    this.starts = new RunHandler(store, runs, stats);
    this.status = new RunStatusHandler(runs);
  }

  public RunRegistry runs() {
    return runs;
  }

  /** Adds the endpoint of every workflow route but the result links to {@code endpoints}. */
  public void register(Map<Route, Endpoint> endpoints) {
    endpoints.put(Route.WORKFLOWS, definitions::list);
    endpoints.put(Route.WORKFLOW_BLOCKS, definitions::blocks);
    endpoints.put(Route.WORKFLOW, definitions::get);
    endpoints.put(Route.WORKFLOW_CREATE, definitions::create);
    endpoints.put(Route.WORKFLOW_UPDATE, definitions::update);
    endpoints.put(Route.WORKFLOW_DELETE, definitions::delete);
    endpoints.put(Route.WORKFLOW_RUN, starts::run);
    endpoints.put(Route.WORKFLOW_CANCEL, starts::cancel);
    endpoints.put(Route.WORKFLOW_RUNS, status::list);
    endpoints.put(Route.WORKFLOW_LIVE_STATUS, status::liveStatus);
  }
}

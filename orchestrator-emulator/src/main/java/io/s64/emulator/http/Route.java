package io.s64.emulator.http;

import org.jspecify.annotations.Nullable;

/**
 * The emulator's endpoints. API routes go through authentication, the rate limiter and fault
 * injection; storage and introspection routes do not.
 */
public enum Route {
  START("POST", "/search/start-deep-search", true),
  STATUS("GET", "/search/status/{task_id}", true),
  STATUS_ALIAS("GET", "/search/deep-search-status/{task_id}", true),
  QUERY("POST", "/search/query", true),
  EXPORT("POST", "/search/export", true),
  DOWNLOAD("GET", "/search/download", true),
  // Fixed paths before /workflows/{workflow_id}: the first route that matches wins.
  WORKFLOWS("GET", "/workflows", true),
  WORKFLOW_BLOCKS("GET", "/workflows/blocks", true),
  WORKFLOW_RUNS("GET", "/workflows/runs", true),
  WORKFLOW("GET", "/workflows/{workflow_id}", true),
  WORKFLOW_CREATE("POST", "/workflows/create_workflow", true),
  WORKFLOW_UPDATE("POST", "/workflows/update_workflow", true),
  WORKFLOW_DELETE("POST", "/workflows/delete_workflow", true),
  WORKFLOW_RUN("POST", "/workflows/run", true),
  WORKFLOW_CANCEL("POST", "/workflows/cancel", true),
  WORKFLOW_LIVE_STATUS("GET", "/workflows/runs/{run_id}/live_status", true),
  WORKFLOW_RESULTS("GET", "/workflows/runs/{run_id}/results/download-links", true),
  PEOPLE_ASYNC("POST", "/people-intelligence-async", true),
  COMPANY_ASYNC("POST", "/company-intelligence-async", true),
  JOB_STATUS("GET", "/job-status/{job_id}", true),
  BALANCE("GET", "/check-balance", true),
  STORAGE("GET", "/_storage/{bucket}/{path}", false),
  STATS("GET", "/_emulator/stats", false),
  SEARCHES("GET", "/_emulator/searches", false),
  WEBHOOKS("GET", "/_emulator/webhooks", false),
  RESET_STATS("POST", "/_emulator/reset-stats", false);

  /** The path prefix of storage file URLs. */
  public static final String STORAGE_PREFIX = "/_storage/";

  private final String method;
  private final String template;
  private final boolean api;

  Route(String method, String template, boolean api) {
    this.method = method;
    this.template = template;
    this.api = api;
  }

  String method() {
    return method;
  }

  /** Whether auth, rate limit and faults apply. */
  boolean api() {
    return api;
  }

  /** The stats key: {@code "POST /search/query"}. */
  String endpoint() {
    return method + " " + template;
  }

  /**
   * The path parameter of {@code path} for this route (task id, or bucket/path for storage), an
   * empty string for a route without one, or null when the path does not belong to this route.
   * The parameter may be followed by a fixed suffix ({@code /live_status}).
   */
  @Nullable String match(String path) {
    int brace = template.indexOf('{');
    if (brace < 0) {
      return template.equals(path) ? "" : null;
    }
    String prefix = template.substring(0, brace);
    String suffix = template.substring(template.lastIndexOf('}') + 1);
    if (!path.startsWith(prefix) || !path.endsWith(suffix)
        || path.length() <= prefix.length() + suffix.length()) {
      return null;
    }
    String rest = path.substring(prefix.length(), path.length() - suffix.length());
    return this == STORAGE || rest.indexOf('/') < 0 ? rest : null;
  }
}

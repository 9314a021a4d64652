package io.s64.emulator.enrichment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s64.emulator.http.ApiResponse;
import io.s64.emulator.http.BodyReader;
import io.s64.emulator.http.Exchange;
import io.s64.emulator.http.Route;
import io.s64.emulator.internal.Json;
import io.s64.emulator.state.EnrichmentJob;
import io.s64.emulator.state.EnrichmentRegistry;
import io.s64.emulator.state.EnrichmentRequest;
import io.s64.emulator.stats.StatsRecorder;
import io.s64.emulator.webhook.WebhookDispatcher;

/**
 * {@code POST /people-intelligence-async} and {@code POST /company-intelligence-async}: validates
 * the body the way the API's pydantic models do, refuses {@code tier: "high"} with 403 unless the
 * emulator allows it, then creates a job and answers {@code {"task_id": ..., "status":
 * "RUNNING"}}. There is no idempotency key: every valid start creates (and would charge) a job,
 * which is why a client must not blindly retry one. A job with a {@code webhook_url} is handed to
 * the {@link WebhookDispatcher}.
 */
public final class EnrichHandler {
  static final String HIGH_TIER = "High tier company enrichment is not enabled for this org. "
      + "Contact sales to request access.";
  /** The longest accepted {@code webhook_url}, as in the API's {@code HttpUrl}. */
  public static final int MAX_URL_LENGTH = 2083;
  private static final String[] TIERS = {"low", "micro", "medium", "high"};

  private final EnrichmentRegistry registry;
  private final WebhookDispatcher webhooks;
  private final StatsRecorder stats;
  private final boolean allowHighTier;

  public EnrichHandler(EnrichmentRegistry registry, WebhookDispatcher webhooks, StatsRecorder stats,
      boolean allowHighTier) {
    this.registry = registry;
    this.webhooks = webhooks;
    this.stats = stats;
    this.allowHighTier = allowHighTier;
  }

  public ApiResponse handle(Exchange exchange) {
    BodyReader reader = BodyReader.parse(exchange.body());
    ApiResponse malformed = reader.problem();
    if (malformed != null) {
      return malformed;
    }
    EnrichmentRequest request = exchange.route() == Route.PEOPLE_ASYNC
        ? people(reader) : company(reader);
    ApiResponse problem = reader.problem();
    if (problem != null) {
      return problem;
    }
    if (request.tier().equals("high") && !allowHighTier) {
      return ApiResponse.detail(403, HIGH_TIER);
    }
    EnrichmentJob job = registry.create(request, exchange.now());
    if (job == null) {
      return ApiResponse.insufficientCredits();
    }
    stats.enrichmentJobCreated();
    if (job.webhookUrl() != null) {
      webhooks.schedule(job);
    }
    return ApiResponse.json(200, Json.object()
        .put("task_id", job.taskId())
        .put("status", "RUNNING"));
  }

  /** {@code lead_info} required; {@code struct} optional. */
  private static EnrichmentRequest people(BodyReader reader) {
    ObjectNode leadInfo = reader.requiredObject("lead_info");
    ObjectNode struct = reader.optionalObject("struct");
    String researchPlan = reader.optionalText("research_plan");
    String tier = reader.optionalEnum("tier", TIERS);
    String webhookUrl = reader.optionalHttpUrl("webhook_url", MAX_URL_LENGTH);
    Boolean fieldConfidence = reader.optionalBool("field_confidence");
    return new EnrichmentRequest(EnrichmentJob.Kind.PEOPLE, leadInfo, struct, researchPlan,
        tier == null ? "low" : tier, false, false, null, Boolean.TRUE.equals(fieldConfidence),
        webhookUrl);
  }

  /** {@code target_company} and {@code struct} required. */
  private static EnrichmentRequest company(BodyReader reader) {
    ObjectNode target = reader.requiredObject("target_company");
    ObjectNode struct = reader.requiredObject("struct");
    boolean findPeople = reader.bool("find_people", false);
    reader.optionalText("people_focus_prompt");
    ObjectNode leadStruct = reader.optionalObject("lead_struct");
    String researchPlan = reader.optionalText("research_plan");
    String tier = reader.optionalEnum("tier", TIERS);
    boolean fullOrgChart = reader.bool("full_org_chart", false);
    String webhookUrl = reader.optionalHttpUrl("webhook_url", MAX_URL_LENGTH);
    Boolean fieldConfidence = reader.optionalBool("field_confidence");
    return new EnrichmentRequest(EnrichmentJob.Kind.COMPANY, target, struct, researchPlan,
        tier == null ? "low" : tier, findPeople, fullOrgChart, leadStruct,
        Boolean.TRUE.equals(fieldConfidence), webhookUrl);
  }
}

package io.s64.model;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Research about one person, for {@code POST /people-intelligence-async}.
 *
 * <pre>{@code
 * PeopleIntelligenceRequest.of(Map.of("name", "Ada Lovelace", "company", "Analytical Engines"))
 *     .withStruct(Map.of("email", "work email", "title", "current title"));
 * }</pre>
 *
 * @param leadInfo what is known: name, company, linkedin, email, title, location...
 * @param struct the fields to find: name → description, or null for the defaults
 * @param researchPlan how to research, or null
 * @param tier low (the API's default), micro, medium or high (high needs enterprise access: 403)
 * @param webhookUrl where to deliver the result, or null
 * @param fieldConfidence whether to return per-field confidence, or null
 */
public record PeopleIntelligenceRequest(
    Map<String, @Nullable Object> leadInfo,
    @Nullable Map<String, @Nullable Object> struct,
    @Nullable String researchPlan,
    @Nullable String tier,
    @Nullable String webhookUrl,
    @Nullable Boolean fieldConfidence) {

  public PeopleIntelligenceRequest {
    leadInfo = JsonValues.copy(Objects.requireNonNull(leadInfo, "leadInfo"), "lead_info");
    if (leadInfo.isEmpty()) {
      throw new io.s64.error.ConfigurationException("lead_info must not be empty");
    }
    struct = struct == null ? null : JsonValues.copy(struct, "struct");
    tier = Tiers.tier(tier);
    webhookUrl = Tiers.webhookUrl(webhookUrl);
  }

  /** A request with only the lead's known fields. */
  public static PeopleIntelligenceRequest of(Map<String, ?> leadInfo) {
    return new PeopleIntelligenceRequest(JsonValues.copy(leadInfo, "lead_info"), null, null, null, null, null);
  }

  public PeopleIntelligenceRequest withStruct(@Nullable Map<String, ?> s) {
    return new PeopleIntelligenceRequest(leadInfo, s == null ? null : JsonValues.copy(s, "struct"),
        researchPlan, tier, webhookUrl, fieldConfidence);
  }

  public PeopleIntelligenceRequest withResearchPlan(@Nullable String plan) {
    return new PeopleIntelligenceRequest(leadInfo, struct, plan, tier, webhookUrl, fieldConfidence);
  }

  public PeopleIntelligenceRequest withTier(@Nullable String t) {
    return new PeopleIntelligenceRequest(leadInfo, struct, researchPlan, t, webhookUrl, fieldConfidence);
  }

  public PeopleIntelligenceRequest withWebhookUrl(@Nullable String url) {
    return new PeopleIntelligenceRequest(leadInfo, struct, researchPlan, tier, url, fieldConfidence);
  }

  public PeopleIntelligenceRequest withFieldConfidence(@Nullable Boolean on) {
    return new PeopleIntelligenceRequest(leadInfo, struct, researchPlan, tier, webhookUrl, on);
  }
}

package io.s64.model;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Research about one company, for {@code POST /company-intelligence-async}.
 *
 * @param targetCompany what is known: company_name, website or domain, linkedin_url...
 * @param struct the fields to find: name → description (required by the API)
 * @param findPeople also find people at the company
 * @param peopleFocusPrompt which people, when finding people
 * @param leadStruct the fields to find for each person, or null
 * @param researchPlan how to research, or null
 * @param tier low, micro, medium or high, or null for the API's default
 * @param fullOrgChart map the whole org chart
 * @param webhookUrl where to deliver the result, or null
 * @param fieldConfidence whether to return per-field confidence, or null
 */
public record CompanyIntelligenceRequest(
    Map<String, @Nullable Object> targetCompany,
    Map<String, @Nullable Object> struct,
    boolean findPeople,
    @Nullable String peopleFocusPrompt,
    @Nullable Map<String, @Nullable Object> leadStruct,
    @Nullable String researchPlan,
    @Nullable String tier,
    boolean fullOrgChart,
    @Nullable String webhookUrl,
    @Nullable Boolean fieldConfidence) {

  public CompanyIntelligenceRequest {
    targetCompany = JsonValues.copy(Objects.requireNonNull(targetCompany, "targetCompany"), "target_company");
    if (targetCompany.isEmpty()) {
      throw new io.s64.error.ConfigurationException("target_company must not be empty");
    }
    struct = JsonValues.copy(Objects.requireNonNull(struct, "struct"), "struct");
    leadStruct = leadStruct == null ? null : JsonValues.copy(leadStruct, "lead_struct");
    tier = Tiers.tier(tier);
    webhookUrl = Tiers.webhookUrl(webhookUrl);
  }

  /** A request for {@code struct} about {@code targetCompany}, with the API's defaults. */
  public static CompanyIntelligenceRequest of(Map<String, ?> targetCompany, Map<String, ?> struct) {
    return new CompanyIntelligenceRequest(JsonValues.copy(targetCompany, "target_company"),
        JsonValues.copy(struct, "struct"), false, null, null, null, null, false, null, null);
  }

  public CompanyIntelligenceRequest withFindPeople(boolean on, @Nullable String focusPrompt) {
    return new CompanyIntelligenceRequest(targetCompany, struct, on, focusPrompt, leadStruct,
        researchPlan, tier, fullOrgChart, webhookUrl, fieldConfidence);
  }

  public CompanyIntelligenceRequest withTier(@Nullable String t) {
    return new CompanyIntelligenceRequest(targetCompany, struct, findPeople, peopleFocusPrompt,
        leadStruct, researchPlan, t, fullOrgChart, webhookUrl, fieldConfidence);
  }

  public CompanyIntelligenceRequest withWebhookUrl(@Nullable String url) {
    return new CompanyIntelligenceRequest(targetCompany, struct, findPeople, peopleFocusPrompt,
        leadStruct, researchPlan, tier, fullOrgChart, url, fieldConfidence);
  }

  public CompanyIntelligenceRequest withResearchPlan(@Nullable String plan) {
    return new CompanyIntelligenceRequest(targetCompany, struct, findPeople, peopleFocusPrompt,
        leadStruct, plan, tier, fullOrgChart, webhookUrl, fieldConfidence);
  }
}

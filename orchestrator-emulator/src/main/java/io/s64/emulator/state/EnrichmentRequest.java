package io.s64.emulator.state;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * A valid {@code POST /people-intelligence-async} or {@code /company-intelligence-async} body.
 *
 * @param kind people or company intelligence
 * @param subject {@code lead_info} (people) or {@code target_company} (company)
 * @param struct the requested output fields (field name to description), or null (people only)
 * @param researchPlan the research plan, or null
 * @param tier {@code low}, {@code micro}, {@code medium} or {@code high}; {@code low} when absent
 * @param findPeople company only: whether to return {@code structured_data.leads}
 * @param fullOrgChart company only: a larger set of leads
 * @param leadStruct company only: the fields of each lead, or null for the default ones
 * @param fieldConfidence whether the result carries {@code field_confidence}
 * @param webhookUrl where to deliver the terminal event, or null
 */
public record EnrichmentRequest(
    EnrichmentJob.Kind kind,
    ObjectNode subject,
    @Nullable ObjectNode struct,
    @Nullable String researchPlan,
    String tier,
    boolean findPeople,
    boolean fullOrgChart,
    @Nullable ObjectNode leadStruct,
    boolean fieldConfidence,
    @Nullable String webhookUrl) {}

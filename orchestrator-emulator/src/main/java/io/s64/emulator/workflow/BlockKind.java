package io.s64.emulator.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s64.emulator.internal.Json;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The block types the emulator runs, keyed by their registered name ({@code block_name}). A
 * source block starts a workflow and fixes the row type ({@code dataframe_type}); every other block
 * takes rows of the type it {@link #accepts} and passes that type on. Only a {@link #WEBHOOK}
 * source can be started through the API.
 */
public enum BlockKind {
  WEBHOOK("webhook", "source", null,
      "Receives the rows of webhook_payload. input_schema maps a column to its field schema; "
          + "{\"required\": true} marks a column every row must have."),
  READ_CSV("read_csv", "source", null,
      "Reads an uploaded CSV file. Dashboard only: cannot be triggered through the API."),
  LEAD_ENRICHMENT("lead_enrichment", "enrich", RowType.LEAD,
      "Adds title, linkedin_url, location and confidence_score to each lead, plus one column "
          + "per key of struct."),
  COMPANY_ENRICHMENT("company_enrichment", "enrich", RowType.COMPANY,
      "Adds website, industry, employee_count and hq_location to each company, plus one column "
          + "per key of struct."),
  FIND_EMAIL("find_email", "enrich", RowType.LEAD,
      "Adds email and email_status (OK, UNKNOWN or NOT_FOUND, then email is empty) to each lead."),
  FILTER("filter", "transform", null,
      "Keeps the rows whose column satisfies operator (equals, not_equals, contains, not_empty, "
          + "is_empty) against value."),
  DEDUPLICATE("deduplicate", "transform", null,
      "Drops every row whose values in columns (default: all columns) equal an earlier row's.");

  /** The two row types of the API. */
  public enum RowType { LEAD, COMPANY }

  private final String wire;
  private final String category;
  private final @Nullable RowType accepts;
  private final String description;

  BlockKind(String wire, String category, @Nullable RowType accepts, String description) {
    this.wire = wire;
    this.category = category;
    this.accepts = accepts;
    this.description = description;
  }

  /** The registered name, {@code lead_enrichment}. */
  public String wire() {
    return wire;
  }

  /** Whether it starts a workflow. */
  public boolean source() {
    return category.equals("source");
  }

  /** The row type it needs as input, or null for any type (sources: none). */
  public @Nullable RowType accepts() {
    return accepts;
  }

  /** The kind registered as {@code name}, or null. */
  public static @Nullable BlockKind of(@Nullable String name) {
    if (name == null) {
      return null;
    }
    for (BlockKind kind : values()) {
      if (kind.wire.equals(name.trim().toLowerCase(Locale.ROOT))) {
        return kind;
      }
    }
    return null;
  }

  /** The registered names, comma-separated, for messages. */
  public static String names() {
    StringBuilder out = new StringBuilder();
    for (BlockKind kind : values()) {
      out.append(out.length() == 0 ? "" : ", ").append(kind.wire);
    }
    return out.toString();
  }

  /** Its entry of {@code GET /workflows/blocks}: {@code {block_name, specs_schema}}. */
  ObjectNode catalogueEntry() {
    ObjectNode schema = Json.object().put("type", "object").put("description", description);
    ObjectNode props = schema.putObject("properties");
    switch (this) {
      case WEBHOOK:
        props.putObject("input_schema").put("type", "object")
            .put("description", "column name -> field schema ({\"type\": \"string\", "
                + "\"required\": true}); columns not declared pass through");
        props.putObject("webhook_input").put("type", "string")
            .put("description", "a sample payload, as JSON text");
        rowType(props);
        schema.putArray("required").add("dataframe_type");
        break;
      case READ_CSV:
        props.putObject("resource_handle_id").put("type", "string");
        rowType(props);
        schema.putArray("required").add("dataframe_type");
        break;
      case LEAD_ENRICHMENT:
      case COMPANY_ENRICHMENT:
        props.putObject("struct").put("type", "object")
            .put("description", "extra column name -> what to find");
        break;
      case FIND_EMAIL:
        props.putObject("mode").put("type", "string").putArray("enum")
            .add("PROFESSIONAL").add("PERSONAL");
        break;
      case FILTER:
        props.putObject("column").put("type", "string");
        props.putObject("operator").put("type", "string").putArray("enum")
            .add("equals").add("not_equals").add("contains").add("not_empty").add("is_empty");
        props.putObject("value").put("type", "string");
        schema.putArray("required").add("column").add("operator");
        break;
      default:
        props.putObject("columns").put("type", "array").putObject("items").put("type", "string");
        break;
    }
    return Json.object().put("block_name", wire).put("block_type", category)
        .set("specs_schema", schema);
  }

  private static void rowType(ObjectNode props) {
    props.putObject("dataframe_type").put("type", "string").putArray("enum")
        .add("LEAD").add("COMPANY");
  }
}

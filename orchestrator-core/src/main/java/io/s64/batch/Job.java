package io.s64.batch;

import io.s64.error.ConfigurationException;
import io.s64.model.CompanyIntelligenceRequest;
import io.s64.model.DeepSearchRequest;
import io.s64.model.PeopleIntelligenceRequest;
import io.s64.model.QueryRequest;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One unit of work of a batch, with the caller's id. Build one with the factories:
 *
 * <pre>{@code
 * Job.deep("lead-17", DeepSearchRequest.of("CTOs of Series A fintechs in Berlin"));
 * Job.query("us-saas", QueryRequest.simpleFilters(Map.of("hq_country_iso2", Map.of("$eq", "US"))));
 * Job.query("again", QueryRequest.searchId("8b1f...")); // kind REQUERY
 * Job.export("csv-1", "8b1f...");
 * Job.people("p-1", PeopleIntelligenceRequest.of(Map.of("name", "Ada Lovelace")));
 * Job.invalid("line-9", "line 9: field 'mode': must be people or company but was 'robots'");
 * }</pre>
 *
 * <p>An {@link Kind#INVALID} job carries what was wrong with the input it came from; the batch
 * turns it into an {@code invalid} outcome in order with the rest, so every input has exactly one
 * outcome.
 *
 * @param id the caller's id, unique within a batch; outcomes and result rows carry it
 * @param kind what to do
 * @param deep the search of a {@link Kind#DEEP} job
 * @param query the first page of a {@link Kind#FILTER} or {@link Kind#REQUERY} job
 * @param exportSearchId the search of an {@link Kind#EXPORT} job
 * @param people the research of a {@link Kind#PEOPLE_INTELLIGENCE} job
 * @param company the research of a {@link Kind#COMPANY_INTELLIGENCE} job
 * @param problem what was wrong with an {@link Kind#INVALID} job's input
 * @param resume where an earlier, interrupted run left this job, or null
 */
public record Job(
    String id,
    Kind kind,
    @Nullable DeepSearchRequest deep,
    @Nullable QueryRequest query,
    @Nullable String exportSearchId,
    @Nullable PeopleIntelligenceRequest people,
    @Nullable CompanyIntelligenceRequest company,
    @Nullable String problem,
    @Nullable Resume resume) {

  /** What a job does. */
  public enum Kind {
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
    /** Input that could not become a job. */
    INVALID
  }

  /**
   * Where an interrupted run left a job, from its journal. Resuming never starts a search whose
   * start was acknowledged (it polls {@code taskId}), retries an unacknowledged start with the same
   * {@code searchId}, and never delivers a row twice.
   *
   * @param searchId the search id the job was admitted with (DEEP) or read from (others)
   * @param taskId the acknowledged task (a deep search, an export or an enrichment job), or null
   * @param cursor the cursor of the next page not yet committed, or null
   * @param byteOffset for CSV downloads, the byte after the last committed row, else 0
   * @param rowsDelivered rows already delivered to the sink
   * @param deliveredKeys {@link io.s64.model.Row#key() keys} of rows already delivered
   * @param complete every row was delivered; only the outcome is missing
   * @param admitted the earlier run admitted the job, so its start may have been sent (an
   *     enrichment start without a recorded task id is then not sent again: it has no
   *     idempotency key)
   */
  public record Resume(
      @Nullable String searchId,
      @Nullable String taskId,
      @Nullable String cursor,
      long byteOffset,
      long rowsDelivered,
      Set<String> deliveredKeys,
      boolean complete,
      boolean admitted) {
    public Resume {
      deliveredKeys = Set.copyOf(deliveredKeys);
    }
  }

  public Job {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    if (id.isBlank()) {
      throw new ConfigurationException("id must not be blank but was '" + id + "'");
    }
    boolean ok;
    switch (kind) {
      case DEEP:
        ok = deep != null;
        break;
      case FILTER:
        ok = query != null && query.source() != QueryRequest.Source.SEARCH_ID;
        break;
      case REQUERY:
        ok = query != null && query.source() == QueryRequest.Source.SEARCH_ID;
        break;
      case EXPORT:
        ok = exportSearchId != null && !exportSearchId.isBlank();
        break;
      case PEOPLE_INTELLIGENCE:
        ok = people != null;
        break;
      case COMPANY_INTELLIGENCE:
        ok = company != null;
        break;
      default:
        ok = problem != null;
    }
    if (!ok) {
      throw new ConfigurationException("job '" + id + "' of kind " + kind + " lacks its "
          + switch (kind) {
            case DEEP -> "deep search request";
            case FILTER, REQUERY -> "query (a search id makes it REQUERY, other sources FILTER)";
            case EXPORT -> "search id to export";
            case PEOPLE_INTELLIGENCE -> "people intelligence request";
            case COMPANY_INTELLIGENCE -> "company intelligence request";
            default -> "problem description";
          });
    }
  }

  /** A deep search. */
  public static Job deep(String id, DeepSearchRequest request) {
    return new Job(id, Kind.DEEP, request, null, null, null, null, null, null);
  }

  /** A query job: {@link Kind#REQUERY} for a search id, {@link Kind#FILTER} for other sources. */
  public static Job query(String id, QueryRequest request) {
    Kind kind = request.source() == QueryRequest.Source.SEARCH_ID ? Kind.REQUERY : Kind.FILTER;
    return new Job(id, kind, null, request, null, null, null, null, null);
  }

  /** A CSV export of an existing search. */
  public static Job export(String id, String searchId) {
    return new Job(id, Kind.EXPORT, null, null, searchId, null, null, null, null);
  }

  /** Research about a person, delivered as one result row. */
  public static Job people(String id, PeopleIntelligenceRequest request) {
    return new Job(id, Kind.PEOPLE_INTELLIGENCE, null, null, null, request, null, null, null);
  }

  /** Research about a company, delivered as one result row. */
  public static Job company(String id, CompanyIntelligenceRequest request) {
    return new Job(id, Kind.COMPANY_INTELLIGENCE, null, null, null, null, request, null, null);
  }

  /** Input that could not become a job; it ends as an {@code invalid} outcome. */
  public static Job invalid(String id, String problem) {
    return new Job(id, Kind.INVALID, null, null, null, null, null, problem, null);
  }

  /** The same job, resuming where an earlier run left it. */
  public Job withResume(@Nullable Resume r) {
    return new Job(id, kind, deep, query, exportSearchId, people, company, problem, r);
  }
}

package io.s64.job;

import io.s64.error.ConfigurationException;
import io.s64.model.CompanyIntelligenceRequest;
import io.s64.model.DeepSearchRequest;
import io.s64.model.PeopleIntelligenceRequest;
import io.s64.model.QueryRequest;
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
   * Where an interrupted run left a job, from its journal. Resuming never starts a search whose
   * start was acknowledged (it polls {@code taskId}), retries an unacknowledged start with the same
   * {@code searchId}, and never delivers a row twice.
   *
   * @param searchId the search id the job was admitted with (deep searches) or read from (others)
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
  record Resume(
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

  private static void checkId(String id) {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new ConfigurationException("id must not be blank but was '" + id + "'");
    }
  }
}

package io.s64.model;

import io.s64.error.ConfigurationException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A deep (natural-language) search to start with {@code POST /search/start-deep-search}.
 *
 * <pre>{@code
 * DeepSearchRequest.of("VP of Engineering at Series B SaaS startups in New York")
 *     .withMode(Mode.PEOPLE)
 *     .withMaxResults(500);
 * }</pre>
 *
 * <p>{@code searchId} makes retries idempotent: the client generates one when it is null, and every
 * retry of the same start sends the same value, so a lost response never starts (and pays for) a
 * second search.
 *
 * @param query the natural-language query; not blank
 * @param mode people (the API's default) or company
 * @param maxResults the cap across pages, at least 1 (the API's default is 1000)
 * @param searchId the client-chosen id for idempotent retries, or null to let the client choose
 * @param outputMode whether the results are also written to a CSV file
 * @param excludePublicIds people mode: LinkedIn public ids or URLs to leave out (at most 1000)
 * @param excludeEntityIds LinkedIn ids, company URLs or domains to leave out (at most 1000)
 * @param excludeListIds saved exclusion lists to apply (at most 5)
 */
public record DeepSearchRequest(
    String query,
    Mode mode,
    int maxResults,
    @Nullable String searchId,
    OutputMode outputMode,
    List<String> excludePublicIds,
    List<String> excludeEntityIds,
    List<String> excludeListIds) {

  /** Whether a finished search also produces a CSV file ({@code resource_handle_id}). */
  public enum OutputMode {
    CSV("csv"),
    QUERY_ONLY("query_only");

    private final String wire;

    OutputMode(String wire) {
      this.wire = wire;
    }

    /** The value on the wire. */
    public String wire() {
      return wire;
    }
  }

  /**
   * The longest query s64 sends. The API documents no limit; a natural-language query is a
   * sentence or two, and a longer text is almost certainly a mistake (a pasted file) that would
   * pay for a useless search.
   */
  public static final int MAX_QUERY_LENGTH = 4000;

  public DeepSearchRequest {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(outputMode, "outputMode");
    if (query.isBlank()) {
      throw new ConfigurationException("query must not be blank but was '" + query + "'");
    }
    if (query.length() > MAX_QUERY_LENGTH) {
      throw new ConfigurationException("query must be at most " + MAX_QUERY_LENGTH
          + " characters but was " + query.length());
    }
    if (maxResults < 1) {
      throw new ConfigurationException("maxResults must be at least 1 but was " + maxResults);
    }
    if (searchId != null && searchId.isBlank()) {
      throw new ConfigurationException("searchId must be null or not blank but was '" + searchId + "'");
    }
    excludePublicIds = limited("excludePublicIds", excludePublicIds, 1000);
    excludeEntityIds = limited("excludeEntityIds", excludeEntityIds, 1000);
    excludeListIds = limited("excludeListIds", excludeListIds, 5);
  }

  static List<String> limited(String name, List<String> ids, int max) {
    if (ids.size() > max) {
      throw new ConfigurationException(
          name + " must hold at most " + max + " ids but held " + ids.size());
    }
    return List.copyOf(ids);
  }

  /** A people search with the API's defaults: up to 1000 results, CSV output. */
  public static DeepSearchRequest of(String query) {
    return new DeepSearchRequest(
        query, Mode.PEOPLE, 1000, null, OutputMode.CSV, List.of(), List.of(), List.of());
  }

  public DeepSearchRequest withMode(Mode m) {
    return new DeepSearchRequest(query, m, maxResults, searchId, outputMode,
        excludePublicIds, excludeEntityIds, excludeListIds);
  }

  public DeepSearchRequest withMaxResults(int n) {
    return new DeepSearchRequest(query, mode, n, searchId, outputMode,
        excludePublicIds, excludeEntityIds, excludeListIds);
  }

  public DeepSearchRequest withSearchId(@Nullable String id) {
    return new DeepSearchRequest(query, mode, maxResults, id, outputMode,
        excludePublicIds, excludeEntityIds, excludeListIds);
  }

  public DeepSearchRequest withOutputMode(OutputMode o) {
    return new DeepSearchRequest(query, mode, maxResults, searchId, o,
        excludePublicIds, excludeEntityIds, excludeListIds);
  }

  /** Sets the three exclusion lists at once; pass empty lists for none. */
  public DeepSearchRequest withExclusions(
      List<String> publicIds, List<String> entityIds, List<String> listIds) {
    return new DeepSearchRequest(query, mode, maxResults, searchId, outputMode,
        publicIds, entityIds, listIds);
  }

  /** Whether a search returns people or companies. */
  public enum Mode {
    PEOPLE,
    COMPANY;

    /** The value on the wire: {@code people} or {@code company}. */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a mode case-insensitively.
     *
     * @throws ConfigurationException naming the value when it is neither people nor company
     */
    public static Mode parse(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      switch (v) {
        case "people":
          return PEOPLE;
        case "company":
          return COMPANY;
        default:
          throw new ConfigurationException("mode must be people or company but was '" + value + "'");
      }
    }
  }
}

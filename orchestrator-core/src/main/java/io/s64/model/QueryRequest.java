package io.s64.model;

import io.s64.model.DeepSearchRequest.Mode;
import io.s64.error.ConfigurationException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The first page of a {@code POST /search/query}: exactly one query source, a page size and a
 * cap. Follow-up pages are requested by cursor alone ({@code Sixtyfour.nextPage}), never with this.
 *
 * <pre>{@code
 * QueryRequest.searchId(status.searchId()).withPageSize(100);
 * QueryRequest.simpleFilters(Map.of("hq_country_iso2", Map.of("$eq", "US"))).withMaxResults(30);
 * }</pre>
 *
 * @param source which kind of source {@code value} is
 * @param value the source: a {@code String} for search ids and natural-language queries, a
 *     {@code Map} of plain Java values for filters and parsed queries
 * @param mode people or company, or null for the API's default (inferred for search ids)
 * @param pageSize rows per page, 1..100 (the API's default is 10)
 * @param maxResults the cap across pages, or null for the API's default (1000)
 * @param excludePublicIds people mode: LinkedIn public ids to leave out (at most 1000)
 * @param excludeEntityIds entity ids, URLs or domains to leave out (at most 1000)
 * @param excludeListIds saved exclusion lists (at most 5)
 */
public record QueryRequest(
    Source source,
    Object value,
    @Nullable Mode mode,
    int pageSize,
    @Nullable Integer maxResults,
    List<String> excludePublicIds,
    List<String> excludeEntityIds,
    List<String> excludeListIds) {

  /** The query sources of {@code /search/query}, named as on the wire. */
  public enum Source {
    SEARCH_ID("search_id"),
    SIMPLE_FILTERS("simple_filters"),
    FILTERS("filters"),
    PARSED_QUERY("parsed_query"),
    QUERY("query");

    private final String field;

    Source(String field) {
      this.field = field;
    }

    /** The JSON field that carries this source. */
    public String field() {
      return field;
    }
  }

  /** The page size the API uses when none is sent. */
  public static final int DEFAULT_PAGE_SIZE = 10;

  public QueryRequest {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(value, "value");
    boolean text = source == Source.SEARCH_ID || source == Source.QUERY;
    if (text && !(value instanceof String)) {
      throw new ConfigurationException(source.field() + " must be a string but was " + value);
    }
    if (text && ((String) value).isBlank()) {
      throw new ConfigurationException(source.field() + " must not be blank but was '" + value + "'");
    }
    if (text && ((String) value).length() > DeepSearchRequest.MAX_QUERY_LENGTH) {
      throw new ConfigurationException(source.field() + " must be at most "
          + DeepSearchRequest.MAX_QUERY_LENGTH + " characters but was " + ((String) value).length());
    }
    if (!text && !(value instanceof Map)) {
      throw new ConfigurationException(source.field() + " must be an object but was " + value);
    }
    if (!text) {
      value = JsonValues.copy((Map<?, ?>) value, source.field());
    }
    if (pageSize < 1 || pageSize > 100) {
      throw new ConfigurationException("pageSize must be in 1..100 but was " + pageSize);
    }
    if (maxResults != null && maxResults < 1) {
      throw new ConfigurationException("maxResults must be at least 1 but was " + maxResults);
    }
    excludePublicIds = DeepSearchRequest.limited("excludePublicIds", excludePublicIds, 1000);
    excludeEntityIds = DeepSearchRequest.limited("excludeEntityIds", excludeEntityIds, 1000);
    excludeListIds = DeepSearchRequest.limited("excludeListIds", excludeListIds, 5);
  }

  private static QueryRequest of(Source source, Object value) {
    return new QueryRequest(
        source, value, null, DEFAULT_PAGE_SIZE, null, List.of(), List.of(), List.of());
  }

  /** Reads the results of an earlier search (deep or filter). */
  public static QueryRequest searchId(String searchId) {
    return of(Source.SEARCH_ID, searchId);
  }

  /** A MongoDB-style filter such as {@code {"employees_count": {"$gte": 100}}}. */
  public static QueryRequest simpleFilters(Map<String, ?> filters) {
    return of(Source.SIMPLE_FILTERS, filters);
  }

  /** A raw OpenSearch DSL query. */
  public static QueryRequest filters(Map<String, ?> filters) {
    return of(Source.FILTERS, filters);
  }

  /** A structured filter set returned by an earlier response. */
  public static QueryRequest parsedQuery(Map<String, ?> parsedQuery) {
    return of(Source.PARSED_QUERY, parsedQuery);
  }

  /** A natural-language query answered synchronously (people mode only). */
  public static QueryRequest naturalLanguage(String query) {
    return of(Source.QUERY, query);
  }

  public QueryRequest withMode(@Nullable Mode m) {
    return new QueryRequest(source, value, m, pageSize, maxResults,
        excludePublicIds, excludeEntityIds, excludeListIds);
  }

  public QueryRequest withPageSize(int n) {
    return new QueryRequest(source, value, mode, n, maxResults,
        excludePublicIds, excludeEntityIds, excludeListIds);
  }

  public QueryRequest withMaxResults(@Nullable Integer n) {
    return new QueryRequest(source, value, mode, pageSize, n,
        excludePublicIds, excludeEntityIds, excludeListIds);
  }

  /** Sets the three exclusion lists at once; pass empty lists for none. */
  public QueryRequest withExclusions(
      List<String> publicIds, List<String> entityIds, List<String> listIds) {
    return new QueryRequest(source, value, mode, pageSize, maxResults,
        publicIds, entityIds, listIds);
  }
}

package io.s64.runner.input;

import io.s64.job.Job;
import io.s64.error.ConfigurationException;
import io.s64.model.DeepSearchRequest;
import io.s64.model.DeepSearchRequest.Mode;
import io.s64.model.QueryRequest;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns checked record values into jobs, filling in the run's defaults. The library checks the
 * values again; a {@link ConfigurationException} it throws (its message names the setting and the
 * value) becomes a {@link LineProblem}.
 */
final class JobFactory {
  /** The exclusion lists of a record, empty when it has none. */
  record Exclusions(List<String> publicIds, List<String> entityIds, List<String> listIds) {
    static final Exclusions NONE = new Exclusions(List.of(), List.of(), List.of());
  }

  private final InputDefaults defaults;

  JobFactory(InputDefaults defaults) {
    this.defaults = defaults;
  }

  /** A deep search. */
  Job deep(String id, String query, @Nullable Mode mode, @Nullable Integer maxResults,
      Exclusions ex) throws LineProblem {
    requireQuery(query);
    try {
      DeepSearchRequest request = DeepSearchRequest.of(query.strip());
      Mode m = mode != null ? mode : defaults.mode();
      if (m != null) {
        request = request.withMode(m);
      }
      Integer max = maxResults != null ? maxResults : defaults.maxResults();
      if (max != null) {
        request = request.withMaxResults(max);
      }
      return Job.deep(id, request.withExclusions(ex.publicIds(), ex.entityIds(), ex.listIds()));
    } catch (ConfigurationException e) {
      throw new LineProblem(e.getMessage());
    }
  }

  /** A filter search ({@code source} is not a search id) or the results of a search id. */
  Job query(String id, QueryRequest.Source source, Object value, @Nullable Mode mode,
      @Nullable Integer maxResults, @Nullable Integer pageSize, Exclusions ex) throws LineProblem {
    try {
      QueryRequest request;
      switch (source) {
        case SEARCH_ID:
          request = QueryRequest.searchId((String) value);
          break;
        case SIMPLE_FILTERS:
          request = QueryRequest.simpleFilters(asMap(value));
          break;
        case FILTERS:
          request = QueryRequest.filters(asMap(value));
          break;
        case PARSED_QUERY:
          request = QueryRequest.parsedQuery(asMap(value));
          break;
        default:
          request = QueryRequest.naturalLanguage((String) value);
      }
      Mode m = mode != null ? mode : defaults.mode();
      Integer max = maxResults != null ? maxResults : defaults.maxResults();
      request = request.withMode(m)
          .withMaxResults(max)
          .withPageSize(pageSize != null ? pageSize : defaults.pageSize())
          .withExclusions(ex.publicIds(), ex.entityIds(), ex.listIds());
      return Job.query(id, request);
    } catch (ConfigurationException e) {
      throw new LineProblem(e.getMessage());
    }
  }

  /** A CSV export of an existing search. */
  static Job export(String id, String searchId) throws LineProblem {
    if (searchId.isBlank()) {
      throw new LineProblem("field 'export.search_id' must not be empty");
    }
    return Job.export(id, searchId);
  }

  /** Rejects a blank query with the field's name. */
  static void requireQuery(String query) throws LineProblem {
    if (query.isBlank()) {
      throw new LineProblem("field 'query' must not be empty");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> asMap(Object value) {
    return (Map<String, ?>) value;
  }
}

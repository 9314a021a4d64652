package io.s64.runner.input;

import io.s64.error.ConfigurationException;
import io.s64.model.DeepSearchRequest.Mode;
import org.jspecify.annotations.Nullable;

/**
 * What a record gets when it leaves a setting out: the run's {@code --mode}, {@code --max-results}
 * and {@code --page-size}.
 *
 * @param mode the mode of records without one, or null for the API's default (people for deep
 *     searches, company for filters, the search's own for search ids)
 * @param maxResults the cap of records without one, or null for the API's default (1000)
 * @param pageSize rows per page of filter and search-id records without one, 1..100
 */
public record InputDefaults(@Nullable Mode mode, @Nullable Integer maxResults, int pageSize) {

  /** Checks the values. */
  public InputDefaults {
    if (maxResults != null && maxResults < 1) {
      throw new ConfigurationException("maxResults must be at least 1 but was " + maxResults);
    }
    if (pageSize < 1 || pageSize > 100) {
      throw new ConfigurationException("pageSize must be in 1..100 but was " + pageSize);
    }
  }

  /** The API's defaults and pages of 100. */
  public static InputDefaults api() {
    return new InputDefaults(null, null, 100);
  }
}

package io.s64.batch;

import io.s64.internal.Json;
import io.s64.model.DeepSearchRequest;
import io.s64.model.QueryRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What makes two requests the same, for the flows' {@link Flow#dedupKey}s: the request, normalised
 * (query text trimmed, spaces collapsed, lower case; id lists sorted), never the job id or the
 * page size.
 */
final class DedupKeys {
  /** Compiled once: {@code String.replaceAll} would compile it for every job. */
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private DedupKeys() {}

  static String deep(DeepSearchRequest d) {
    return "deep|" + normalise(d.query()) + "|" + d.mode() + "|" + d.maxResults() + "|"
        + d.outputMode() + "|" + sorted(d.excludePublicIds()) + sorted(d.excludeEntityIds())
        + sorted(d.excludeListIds());
  }

  static String query(QueryRequest q) {
    Object value = q.source() == QueryRequest.Source.QUERY ? normalise((String) q.value()) : q.value();
    return "query|" + q.source() + "|" + Json.canonical(value) + "|" + q.mode() + "|"
        + q.maxResults() + "|" + sorted(q.excludePublicIds()) + sorted(q.excludeEntityIds())
        + sorted(q.excludeListIds());
  }

  private static String normalise(String text) {
    return SPACES.matcher(text.trim()).replaceAll(" ").toLowerCase(Locale.ROOT);
  }

  private static List<String> sorted(List<String> ids) {
    if (ids.size() < 2) {
      return ids;
    }
    List<String> copy = new ArrayList<>(ids);
    Collections.sort(copy);
    return copy;
  }
}

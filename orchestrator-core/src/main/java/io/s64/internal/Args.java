package io.s64.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The arguments of one call to an {@link Endpoint}.
 *
 * @param values the path template's parameters, in the order they appear in it
 * @param body the JSON body, or null
 * @param searchId the search the call is about, or null: a deep-search start's id (so that a 429
 *     can be told to mean "slots busy") or an export's search (which its answer names)
 * @param headers request headers of this call alone, such as an {@code Idempotency-Key}
 * @param query optional query parameters appended after the template's, in order; a name may
 *     repeat ({@code result_formats=csv&result_formats=ndjson})
 */
public record Args(List<String> values, byte @Nullable [] body, @Nullable String searchId,
    Map<String, String> headers, List<Map.Entry<String, String>> query) {
  public Args {
    values = List.copyOf(values);
    headers = Map.copyOf(headers);
    query = List.copyOf(query);
  }

  public Args(List<String> values, byte @Nullable [] body, @Nullable String searchId) {
    this(values, body, searchId, Map.of(), List.of());
  }

  /** A call that fills the path template with {@code values}, in order. */
  public static Args of(String... values) {
    return new Args(List.of(values), null, null);
  }

  /** A call that sends {@code body}. */
  public static Args body(byte[] body) {
    return new Args(List.of(), body, null);
  }

  /** These arguments, about the search {@code id}. */
  public Args forSearch(String id) {
    return new Args(values, body, id, headers, query);
  }

  /** These arguments, filling the path template with {@code more} values too. */
  public Args with(String... more) {
    List<String> all = new ArrayList<>(values);
    all.addAll(List.of(more));
    return new Args(all, body, searchId, headers, query);
  }

  /** These arguments with the header {@code name}; every attempt of the call sends it. */
  public Args withHeader(String name, String value) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put(name, value);
    return new Args(values, body, searchId, all, query);
  }

  /** These arguments with the query parameter {@code name}, or unchanged when value is null. */
  public Args withQuery(String name, @Nullable Object value) {
    if (value == null) {
      return this;
    }
    List<Map.Entry<String, String>> all = new ArrayList<>(query);
    all.add(Map.entry(name, value.toString()));
    return new Args(values, body, searchId, headers, all);
  }

  /** The search the call is about; fails when there is none (a declaration's mistake). */
  public String requireSearchId() {
    if (searchId == null) {
      throw new IllegalStateException("this call needs a search id");
    }
    return searchId;
  }
}

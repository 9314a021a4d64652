package io.s64.internal;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The arguments of one call to an {@link Endpoint}.
 *
 * @param values the path template's parameters, in the order they appear in it
 * @param body the JSON body, or null
 * @param searchId the search the call is about, or null: a deep-search start's id (so that a 429
 *     can be told to mean "slots busy") or an export's search (which its answer names)
 */
public record Args(List<String> values, byte @Nullable [] body, @Nullable String searchId) {
  public Args {
    values = List.copyOf(values);
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
    return new Args(values, body, id);
  }

  /** The search the call is about; fails when there is none (a declaration's mistake). */
  public String requireSearchId() {
    if (searchId == null) {
      throw new IllegalStateException("this call needs a search id");
    }
    return searchId;
  }
}

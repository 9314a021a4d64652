package io.s64.runner.input;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Gives every record an id that is unique in the input and the same on every run: the record's
 * own {@code id}, else {@code line-N} for the physical line its record starts on. Ids of the form
 * {@code line-N} are reserved for that: a record may use {@code line-7} only on line 7. So only
 * explicit ids need remembering, in an {@link IdTable}.
 */
final class JobIds {
  private static final Pattern LINE_ID = Pattern.compile("line-([0-9]{1,18})");

  private final IdTable explicit = new IdTable();

  /** The default id of a record starting on {@code line}. */
  static String ofLine(long line) {
    return "line-" + line;
  }

  /**
   * The id of a record starting on {@code line}.
   *
   * @param given the record's own id, or null when it has none
   * @throws LineProblem when the id repeats an earlier one or claims another line's default id
   */
  String resolve(@Nullable String given, long line) throws LineProblem {
    if (given == null) {
      return ofLine(line);
    }
    Matcher m = LINE_ID.matcher(given);
    if (m.matches()) {
      long named = Long.parseLong(m.group(1));
      if (named != line) {
        throw new LineProblem("id '" + given + "' is reserved for the record on line " + named
            + " (ids line-N name records that have no id)");
      }
      return given;
    }
    long first = explicit.putIfAbsent(given, line);
    if (first != 0) {
      throw new LineProblem("duplicate id '" + given + "' (first used on line " + first + ")");
    }
    return given;
  }
}

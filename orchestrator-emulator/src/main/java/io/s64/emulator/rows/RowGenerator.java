package io.s64.emulator.rows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s64.emulator.internal.Hashing;
import io.s64.emulator.internal.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Deterministic rows: row {@code i} of a search is a pure function of the seed, the search's row
 * key (mode plus query text or canonical filter JSON) and {@code i}, so the same query always
 * yields the same rows, across restarts. Row 0 carries non-ASCII text and row 1 a field with a
 * comma, a double quote and a newline. Materialized row lists are kept in a small LRU cache
 * bounded by the total number of rows it holds. Thread-safe.
 */
public final class RowGenerator {
  /** The most rows the cache holds, summed over searches. */
  private static final int CACHE_ROW_BUDGET = 250_000;
  private static final int MIN_DERIVED = 20;
  private static final int MAX_DERIVED = 200;
  private static final String ACCENTED = "àáâãäåçèéêëìíîïıłñòóôõöøùúûüýÿ";
  private static final String FOLDED = "aaaaaaceeeeiiiiilnoooooouuuuyy";

  private final long seed;
  private final @Nullable Integer fixedCount;
  private final Map<String, List<Row>> cache = new LinkedHashMap<>(64, 0.75f, true);
  private int cachedRows;

  public RowGenerator(long seed, @Nullable Integer fixedCount) {
    this.seed = seed;
    this.fixedCount = fixedCount;
  }

  /** The row key of a query: mode and source text. */
  public static String key(Mode mode, String source) {
    return mode.wire() + ":" + source;
  }

  /** Rows the source matches before any max_results cap: --results, else 20..200 by hash. */
  public int available(String key) {
    if (fixedCount != null) {
      return fixedCount;
    }
    return MIN_DERIVED + Hashing.pick(Hashing.text(seed, key), 7, MAX_DERIVED - MIN_DERIVED + 1);
  }

  /** The first {@code count} rows of {@code key}, from the cache when possible. */
  public List<Row> rows(String key, Mode mode, int count) {
    String cacheKey = count + "|" + key;
    synchronized (cache) {
      List<Row> hit = cache.get(cacheKey);
      if (hit != null) {
        return hit;
      }
    }
    List<Row> rows = new ArrayList<>(count);
    long base = Hashing.text(seed, key);
    for (int i = 0; i < count; i++) {
      rows.add(row(base, mode, i));
    }
    List<Row> frozen = Collections.unmodifiableList(rows);
    if (count <= CACHE_ROW_BUDGET) {
      synchronized (cache) {
        if (cache.put(cacheKey, frozen) == null) {
          cachedRows += count;
        }
        var it = cache.entrySet().iterator();
        while (cachedRows > CACHE_ROW_BUDGET && it.hasNext()) {
          cachedRows -= it.next().getValue().size();
          it.remove();
        }
      }
    }
    return frozen;
  }

  private static Row row(long base, Mode mode, int index) {
    long h = Hashing.mix(base + index * Hashing.GOLDEN);
    String hex = hex16(h);
    return mode == Mode.PEOPLE ? person(h, hex, index) : company(h, hex, index);
  }

  private static Row person(long h, String hex, int index) {
    String first = pick(Vocabulary.FIRST_NAMES, h, 1);
    String last = pick(Vocabulary.LAST_NAMES, h, 2);
    String name = index == 0 ? Vocabulary.SPECIAL_NAME
        : index == 1 ? Vocabulary.SPECIAL_NAME_2 : first + " " + last;
    String title = index == 1 ? Vocabulary.SPECIAL_TITLE : pick(Vocabulary.TITLES, h, 3);
    String company =
        pick(Vocabulary.COMPANY_STEMS, h, 4) + " " + pick(Vocabulary.COMPANY_SUFFIXES, h, 5);
    String slug = slug(index == 1 ? "li-na" : name);
    String id = "p_" + hex;
    ObjectNode fields = Json.object()
        .put("id", id)
        .put("full_name", name)
        .put("title", title)
        .put("company", company)
        .put("location", pick(Vocabulary.CITIES, h, 6))
        .put("linkedin_url", "https://www.linkedin.com/in/" + slug + "-" + hex.substring(0, 8));
    return new Row(id, fields);
  }

  private static Row company(long h, String hex, int index) {
    String name = index == 0 ? Vocabulary.SPECIAL_COMPANY
        : pick(Vocabulary.COMPANY_STEMS, h, 1) + " " + pick(Vocabulary.COMPANY_SUFFIXES, h, 2);
    String industry = index == 1 ? Vocabulary.SPECIAL_INDUSTRY : pick(Vocabulary.INDUSTRIES, h, 3);
    int employees = 1 + Hashing.pick(h, 4, 50_000);
    String id = "c_" + hex;
    ObjectNode fields = Json.object()
        .put("id", id)
        .put("name", name)
        .put("domain", slug(name) + "-" + hex.substring(0, 4) + ".example.com")
        .put("industry", industry)
        .put("employees_count", employees)
        .put("hq_country_iso2", pick(Vocabulary.COUNTRIES, h, 5));
    return new Row(id, fields);
  }

  private static String pick(List<String> words, long h, int salt) {
    return words.get(Hashing.pick(h, salt, words.size()));
  }

  /**
   * Lower-case ASCII letters and digits joined by dashes: "José Müller" → "jose-muller". Folds
   * the accented letters of {@link Vocabulary} with a table ({@code java.text.Normalizer} would
   * read its data file on first use, on the event loop); other letters are dropped.
   */
  public static String slug(String text) {
    StringBuilder out = new StringBuilder(text.length());
    boolean dash = false;
    for (int i = 0; i < text.length(); i++) {
      char c = Character.toLowerCase(text.charAt(i));
      int folded = ACCENTED.indexOf(c);
      if (folded >= 0) {
        c = FOLDED.charAt(folded);
      }
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        if (dash && out.length() > 0) {
          out.append('-');
        }
        out.append(c);
        dash = false;
      } else {
        dash = true;
      }
    }
    return out.length() == 0 ? "x" : out.toString();
  }

  private static String hex16(long value) {
    String hex = Long.toHexString(value);
    return "0".repeat(16 - hex.length()) + hex;
  }
}

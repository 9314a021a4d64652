package io.s64.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One result row: an ordered, immutable map from column name to a plain Java value ({@code
 * String}, {@code Long}, {@code Double}, {@code Boolean}, {@code null}, or {@code List} and
 * {@code Map} of those). Rows from JSON pages and from CSV downloads share this type; CSV values
 * are strings.
 */
public final class Row {
  private final Map<String, @Nullable Object> fields;
  private @Nullable String key;

  private Row(Map<String, @Nullable Object> fields) {
    this.fields = fields;
  }

  /** A row holding a copy of the given fields, in their iteration order. */
  public static Row of(Map<String, ? extends @Nullable Object> fields) {
    return new Row(Collections.unmodifiableMap(new LinkedHashMap<>(fields)));
  }

  /**
   * A row that takes ownership of a freshly decoded map without copying it. The caller must not
   * keep or modify the map.
   */
  public static Row wrap(Map<String, @Nullable Object> decoded) {
    return new Row(Collections.unmodifiableMap(decoded));
  }

  /** The fields, in the order the server sent them. */
  public Map<String, @Nullable Object> fields() {
    return fields;
  }

  /** The value of a field, or null when absent. */
  public @Nullable Object get(String name) {
    return fields.get(name);
  }

  /**
   * A key that identifies this row within its search across pages, re-queries and downloads:
   * a workflow result row's {@code _run_id} and {@code _row} (its place in the run's result file)
   * when present, else the {@code id} field when present, else {@code linkedin_url}, else {@code domain}, else a
   * digest of the content. Used to skip rows already delivered when paging has to start over.
   */
  public String key() {
    String k = key;
    if (k == null) {
      k = computeKey();
      key = k;
    }
    return k;
  }

  private String computeKey() {
    Object run = fields.get("_run_id");
    Object at = fields.get("_row");
    if (run != null && at != null) {
      return "run:" + run + "#" + at;
    }
    for (String name : new String[] {"id", "linkedin_url", "domain"}) {
      Object v = fields.get(name);
      if (v != null && !v.toString().isEmpty()) {
        return name + ":" + v;
      }
    }
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, @Nullable Object> e : fields.entrySet()) {
        md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(String.valueOf(e.getValue()).getBytes(StandardCharsets.UTF_8));
        md.update((byte) 1);
      }
      return "sha256:" + HexFormat.of().formatHex(md.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Row && ((Row) o).fields.equals(fields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(fields);
  }

  @Override
  public String toString() {
    return "Row" + fields;
  }
}

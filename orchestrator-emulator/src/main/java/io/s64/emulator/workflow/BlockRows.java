package io.s64.emulator.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s64.emulator.internal.Hashing;
import io.s64.emulator.internal.Json;
import io.s64.emulator.rows.Vocabulary;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * What each block does to the rows passing through it. Deterministic: a value added to a row
 * depends only on the seed, the block type and the row's own values, so the same rows give the
 * same results in every run. Rows are copied, never changed in place.
 */
final class BlockRows {
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern OTHER = Pattern.compile("[^a-z0-9]+");

  private final long seed;

  BlockRows(long seed) {
    this.seed = seed;
  }

  List<ObjectNode> apply(Step step, List<ObjectNode> in) {
    switch (step.kind()) {
      case LEAD_ENRICHMENT:
        return each(in, row -> lead(row, step.specs()));
      case COMPANY_ENRICHMENT:
        return each(in, row -> company(row, step.specs()));
      case FIND_EMAIL:
        return each(in, this::email);
      case FILTER:
        return filter(in, step.specs());
      case DEDUPLICATE:
        return deduplicate(in, step.specs());
      default:
        return in;
    }
  }

  private static List<ObjectNode> each(List<ObjectNode> in,
      UnaryOperator<ObjectNode> f) {
    List<ObjectNode> out = new ArrayList<>(in.size());
    for (ObjectNode row : in) {
      out.add(f.apply(row.deepCopy()));
    }
    return out;
  }

  private ObjectNode lead(ObjectNode row, ObjectNode specs) {
    long h = hash("lead_enrichment", row);
    putIfAbsent(row, "title", Vocabulary.TITLES.get(Hashing.pick(h, 1, Vocabulary.TITLES.size())));
    row.put("linkedin_url", "https://www.linkedin.com/in/" + slug(name(row), "-") + "-"
        + Long.toHexString(h & 0xFFFFFL));
    putIfAbsent(row, "location",
        Vocabulary.CITIES.get(Hashing.pick(h, 2, Vocabulary.CITIES.size())));
    row.put("confidence_score", (60 + Hashing.pick(h, 3, 40)) / 100.0);
    struct(row, specs, h);
    return row;
  }

  private ObjectNode company(ObjectNode row, ObjectNode specs) {
    long h = hash("company_enrichment", row);
    String company = text(row, "company_name", "company", "name");
    row.put("website", "https://" + slug(company.isEmpty() ? "company" : company, "") + ".example");
    putIfAbsent(row, "industry",
        Vocabulary.INDUSTRIES.get(Hashing.pick(h, 1, Vocabulary.INDUSTRIES.size())));
    row.put("employee_count", 10 + Hashing.pick(h, 2, 5000));
    putIfAbsent(row, "hq_location",
        Vocabulary.CITIES.get(Hashing.pick(h, 3, Vocabulary.CITIES.size())));
    struct(row, specs, h);
    return row;
  }

  /** About 80% OK, 12% UNKNOWN (a guess), 8% NOT_FOUND (empty email). */
  private ObjectNode email(ObjectNode row) {
    long h = hash("find_email", row);
    int draw = Hashing.pick(h, 1, 100);
    String status = draw < 80 ? "OK" : draw < 92 ? "UNKNOWN" : "NOT_FOUND";
    String[] parts = slug(name(row), " ").split(" ");
    String local = parts.length == 1 ? parts[0] : parts[0] + "." + parts[parts.length - 1];
    String company = text(row, "company", "company_name");
    String domain = slug(company.isEmpty() ? "example" : company, "") + ".example";
    row.put("email", status.equals("NOT_FOUND") ? "" : local + "@" + domain);
    row.put("email_status", status);
    return row;
  }

  private static List<ObjectNode> filter(List<ObjectNode> in, ObjectNode specs) {
    String column = specs.get("column").asText();
    String operator = specs.get("operator").asText();
    String value = specs.hasNonNull("value") ? specs.get("value").asText() : "";
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode row : in) {
      JsonNode cell = row.get(column);
      String text = cell == null || cell.isNull() ? "" : cell.asText();
      boolean keep;
      switch (operator) {
        case "equals":
          keep = text.equals(value);
          break;
        case "not_equals":
          keep = !text.equals(value);
          break;
        case "contains":
          keep = text.toLowerCase(Locale.ROOT).contains(value.toLowerCase(Locale.ROOT));
          break;
        case "not_empty":
          keep = !text.isBlank();
          break;
        default:
          keep = text.isBlank();
          break;
      }
      if (keep) {
        out.add(row);
      }
    }
    return out;
  }

  private static List<ObjectNode> deduplicate(List<ObjectNode> in, ObjectNode specs) {
    List<String> columns = new ArrayList<>();
    if (specs.hasNonNull("columns")) {
      specs.get("columns").forEach(c -> columns.add(c.asText()));
    }
    Set<String> seen = new HashSet<>();
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode row : in) {
      String key;
      if (columns.isEmpty()) {
        key = Json.canonical(row);
      } else {
        ObjectNode picked = Json.object();
        for (String c : columns) {
          picked.set(c, row.hasNonNull(c) ? row.get(c) : Json.object().nullNode());
        }
        key = Json.canonical(picked);
      }
      if (seen.add(key)) {
        out.add(row);
      }
    }
    return out;
  }

  private void struct(ObjectNode row, ObjectNode specs, long h) {
    JsonNode struct = specs.get("struct");
    if (struct == null || !struct.isObject()) {
      return;
    }
    Iterator<String> names = struct.fieldNames();
    for (int i = 10; names.hasNext(); i++) {
      String field = names.next();
      putIfAbsent(row, field, field.replace('_', ' ') + " #" + Hashing.pick(h, i, 1000));
    }
  }

  private long hash(String block, ObjectNode row) {
    return Hashing.text(seed, block + "\n" + Json.canonical(row));
  }

  private static void putIfAbsent(ObjectNode row, String field, String value) {
    if (!row.hasNonNull(field) || row.get(field).asText().isBlank()) {
      row.put(field, value);
    }
  }

  private static String name(ObjectNode row) {
    String name = text(row, "full_name", "name");
    if (name.isEmpty()) {
      name = (text(row, "first_name") + " " + text(row, "last_name")).trim();
    }
    return name.isEmpty() ? "lead" : name;
  }

  private static String text(ObjectNode row, String... fields) {
    for (String field : fields) {
      JsonNode node = row.get(field);
      if (node != null && !node.isNull() && !node.asText().isBlank()) {
        return node.asText().trim();
      }
    }
    return "";
  }

  /** Lower-case ASCII letters and digits, words joined by {@code sep}. */
  static String slug(String text, String sep) {
    String ascii = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("")
        .toLowerCase(Locale.ROOT).replace("ł", "l").replace("ø", "o").replace("ß", "ss");
    String slug = OTHER.matcher(ascii).replaceAll(" ").trim().replace(" ", sep);
    return slug.isEmpty() ? "x" : slug;
  }
}

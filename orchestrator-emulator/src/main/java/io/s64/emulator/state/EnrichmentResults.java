package io.s64.emulator.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s64.emulator.internal.Hashing;
import io.s64.emulator.internal.Json;
import io.s64.emulator.rows.RowGenerator;
import io.s64.emulator.rows.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The result of a completed enrichment job, as a pure function of the seed, the job kind and the
 * canonical JSON of its subject ({@code lead_info} or {@code target_company}): the same lead gives
 * the same values in every run, and a field gives the same value whatever else the struct asks.
 *
 * <p>{@code structured_data} holds one value per {@code struct} key: the subject's own value when
 * it has that key, else a value chosen by the key's name ({@code email}, {@code phone}, {@code
 * title}, {@code linkedin}...) or by a {@code {"type": "int"}} description. A company job with
 * {@code find_people} adds {@code leads} (3..8 people, 10..20 with {@code full_org_chart}), each
 * with the {@code lead_struct} keys and a relevance {@code score} 0..10, best first.
 */
public final class EnrichmentResults {
  /** The fields of a people job sent without a struct. */
  public static final List<String> DEFAULT_PEOPLE_FIELDS =
      List.of("full_name", "title", "company", "email", "linkedin_url", "location");
  /** The fields of each lead when the company job has no lead_struct. */
  public static final List<String> DEFAULT_LEAD_FIELDS =
      List.of("full_name", "title", "email", "linkedin_url");
  private static final Map<String, Integer> TIER_CENTS =
      Map.of("micro", 2, "low", 5, "medium", 10, "high", 25);

  /**
   * A completed job's report.
   *
   * @param result the {@code result} object
   * @param chargeCents the charge in cents
   */
  record Enriched(ObjectNode result, int chargeCents) {}

  /** Who a value describes. */
  private record Identity(String person, String company, String domain, String hex) {}

  private final long seed;

  public EnrichmentResults(long seed) {
    this.seed = seed;
  }

  Enriched enrich(EnrichmentRequest request) {
    EnrichmentJob.Kind kind = request.kind();
    ObjectNode subject = request.subject();
    long h = Hashing.text(seed, kind.taskType() + "|" + Json.canonical(subject));
    Identity who = identity(h, kind, subject);
    List<String> fields = request.struct() != null
        ? names(request.struct()) : DEFAULT_PEOPLE_FIELDS;
    ObjectNode data = Json.object();
    for (String field : fields) {
      data.set(field, value(h, field, spec(request.struct(), field), who, kind, subject));
    }
    int leads = 0;
    if (kind == EnrichmentJob.Kind.COMPANY && request.findPeople()) {
      ArrayNode list = leads(h, request, who);
      leads = list.size();
      data.set("leads", list);
    }
    String label = kind == EnrichmentJob.Kind.PEOPLE ? who.person() : who.company();
    ObjectNode result = Json.object();
    result.set("structured_data", data);
    result.put("confidence_score", round2(0.6 + Hashing.pick(h, 20, 40) / 100.0));
    ObjectNode references = result.putObject("references");
    if (kind == EnrichmentJob.Kind.PEOPLE) {
      references.put(linkedIn(who, false), "LinkedIn profile");
      references.put("https://" + who.domain() + "/team", "Company team page");
    } else {
      references.put("https://" + who.domain(), "Company website");
      references.put(linkedIn(who, true), "LinkedIn company page");
    }
    result.put("notes", "Found and verified requested information for " + label + ".");
    if (request.fieldConfidence()) {
      ObjectNode confidence = result.putObject("field_confidence");
      for (String field : fields) {
        confidence.put(field, round2(0.5 + Hashing.pick(fieldHash(h, field), 21, 50) / 100.0));
      }
    }
    int cents = TIER_CENTS.get(request.tier()) * (kind == EnrichmentJob.Kind.COMPANY ? 2 : 1);
    return new Enriched(result, cents + leads);
  }

  private ArrayNode leads(long h, EnrichmentRequest request, Identity company) {
    int count = request.fullOrgChart()
        ? 10 + Hashing.pick(h, 11, 11) : 3 + Hashing.pick(h, 12, 6);
    List<String> fields = request.leadStruct() != null
        ? names(request.leadStruct()) : DEFAULT_LEAD_FIELDS;
    ArrayNode list = Json.array();
    for (int i = 0; i < count; i++) {
      long lh = Hashing.mix(h + (i + 1L) * 7 * Hashing.GOLDEN);
      Identity person = new Identity(pick(Vocabulary.FIRST_NAMES, lh, 1) + " "
          + pick(Vocabulary.LAST_NAMES, lh, 2), company.company(), company.domain(), hex8(lh));
      ObjectNode lead = list.addObject();
      for (String field : fields) {
        lead.set(field, value(lh, field, spec(request.leadStruct(), field), person,
            EnrichmentJob.Kind.PEOPLE, Json.object()));
      }
      lead.put("score", Math.round((9.5 - i * 6.0 / count) * 10) / 10.0);
    }
    return list;
  }

  private static Identity identity(long h, EnrichmentJob.Kind kind, ObjectNode subject) {
    String person = text(subject, "full_name", "name");
    if (kind == EnrichmentJob.Kind.COMPANY || person == null) {
      String first = text(subject, "first_name");
      String last = text(subject, "last_name");
      person = kind == EnrichmentJob.Kind.PEOPLE && first != null && last != null
          ? first + " " + last
          : pick(Vocabulary.FIRST_NAMES, h, 1) + " " + pick(Vocabulary.LAST_NAMES, h, 2);
    }
    String company = kind == EnrichmentJob.Kind.COMPANY
        ? text(subject, "company_name", "name", "company") : text(subject, "company");
    if (company == null) {
      company =
          pick(Vocabulary.COMPANY_STEMS, h, 3) + " " + pick(Vocabulary.COMPANY_SUFFIXES, h, 4);
    }
    String site = text(subject, "company_domain", "domain", "website");
    String domain = site != null ? host(site) : RowGenerator.slug(company) + ".example.com";
    return new Identity(person, company, domain, hex8(h));
  }

  /** A value for {@code field}: echoed, typed by its description, or chosen by its name. */
  private static JsonNode value(long h, String field, @Nullable JsonNode spec, Identity who,
      EnrichmentJob.Kind kind, ObjectNode subject) {
    JsonNode own = subject.get(field);
    if (own != null && own.isValueNode() && !own.isNull()) {
      return own;
    }
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    long v = fieldHash(h, field);
    String type = spec != null && spec.isObject() && spec.path("type").isTextual()
        ? spec.get("type").textValue().toLowerCase(Locale.ROOT) : "str";
    switch (type) {
      case "int":
      case "integer":
        return nodes.numberNode(1 + Hashing.pick(v, 1, 10_000));
      case "float":
      case "number":
        return nodes.numberNode(round2(Hashing.pick(v, 1, 10_000) / 100.0));
      case "bool":
      case "boolean":
        return nodes.booleanNode(Hashing.pick(v, 1, 2) == 1);
      case "list":
      case "array":
        return Json.array().add(field + " 1 of " + label(who, kind))
            .add(field + " 2 of " + label(who, kind));
      default:
        return nodes.textNode(byName(v, field.toLowerCase(Locale.ROOT), who, kind));
    }
  }

  private static String byName(long v, String n, Identity who, EnrichmentJob.Kind kind) {
    boolean people = kind == EnrichmentJob.Kind.PEOPLE;
    if (n.contains("email")) {
      return RowGenerator.slug(who.person()).replace('-', '.') + "@" + who.domain();
    } else if (n.contains("phone") || n.contains("mobile")) {
      return "+1 555-" + (100 + Hashing.pick(v, 2, 900)) + "-" + (1000 + Hashing.pick(v, 3, 9000));
    } else if (n.contains("linkedin")) {
      return linkedIn(who, !people || n.contains("company"));
    } else if (n.contains("website") || n.contains("domain") || n.endsWith("url")) {
      return "https://" + who.domain();
    } else if (n.contains("title") || n.contains("role") || n.contains("position")) {
      return pick(Vocabulary.TITLES, v, 4);
    } else if (n.contains("industry") || n.contains("sector")) {
      return pick(Vocabulary.INDUSTRIES, v, 5);
    } else if (n.contains("country")) {
      return pick(Vocabulary.COUNTRIES, v, 6);
    } else if (n.contains("location") || n.contains("city") || n.contains("address")
        || n.contains("headquarter") || n.equals("hq")) {
      return pick(Vocabulary.CITIES, v, 7);
    } else if (n.contains("company") || n.contains("employer") || n.contains("organization")) {
      return who.company();
    } else if (n.contains("name")) {
      return people ? who.person() : who.company();
    }
    return "Emulated " + n + " of " + label(who, kind);
  }

  private static String label(Identity who, EnrichmentJob.Kind kind) {
    return kind == EnrichmentJob.Kind.PEOPLE ? who.person() : who.company();
  }

  private static String linkedIn(Identity who, boolean company) {
    return company
        ? "https://www.linkedin.com/company/" + RowGenerator.slug(who.company())
        : "https://www.linkedin.com/in/" + RowGenerator.slug(who.person()) + "-" + who.hex();
  }

  private static @Nullable JsonNode spec(@Nullable ObjectNode struct, String field) {
    return struct == null ? null : struct.get(field);
  }

  private static List<String> names(ObjectNode struct) {
    List<String> names = new ArrayList<>();
    struct.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static @Nullable String text(ObjectNode subject, String... names) {
    for (String name : names) {
      JsonNode node = subject.get(name);
      if (node != null && node.isTextual() && !node.textValue().isBlank()) {
        return node.textValue();
      }
    }
    return null;
  }

  /** {@code https://www.acme.com/about} → {@code acme.com}. */
  private static String host(String site) {
    String host = site.trim().replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
    int slash = host.indexOf('/');
    host = slash >= 0 ? host.substring(0, slash) : host;
    host = host.startsWith("www.") ? host.substring(4) : host;
    return host.isEmpty() ? "example.com" : host.toLowerCase(Locale.ROOT);
  }

  private static long fieldHash(long h, String field) {
    return Hashing.mix(h ^ Hashing.text(0, field));
  }

  private static String pick(List<String> words, long h, int salt) {
    return words.get(Hashing.pick(h, salt, words.size()));
  }

  private static String hex8(long h) {
    String hex = Long.toHexString(h & 0xFFFFFFFFL);
    return "0".repeat(8 - hex.length()) + hex;
  }

  private static double round2(double x) {
    return Math.round(x * 100) / 100.0;
  }
}

package io.s64.emulator.rows;

import java.util.List;

/**
 * The words rows are made of. Some carry non-ASCII letters so that clients' encodings get
 * exercised; the fixed special values carry a comma, a double quote and a newline for CSV.
 */
public final class Vocabulary {
  public static final List<String> FIRST_NAMES = List.of(
      "Ada", "Alan", "Grace", "Linus", "Margaret", "Ken", "Barbara", "Dennis", "Frances", "Edsger",
      "José", "Zoë", "Łukasz", "Søren", "Chloé", "Björn", "Ana", "Renée", "Mateo", "Aiko",
      "Priya", "Olumide", "Fatima", "Dmitri", "Ingrid", "Noah", "Yara", "Kofi", "Elif", "Tomás");
  public static final List<String> LAST_NAMES = List.of(
      "Lovelace", "Turing", "Hopper", "Torvalds", "Hamilton", "Thompson", "Liskov", "Ritchie",
      "Allen", "Dijkstra", "Müller", "Kowalski", "Nørgaard", "García", "Dubois", "Öberg",
      "Nakamura", "Okafor", "Haddad", "Ivanova", "Peña", "Schröder", "Mensah", "Yılmaz", "Silva");
  public static final List<String> TITLES = List.of(
      "VP of Engineering", "Head of Sales", "Chief Technology Officer", "Engineering Manager",
      "Director of Marketing", "Staff Software Engineer", "Head of Product", "Founder & CEO",
      "Data Scientist", "Account Executive", "Head of People", "Principal Designer");
  public static final List<String> CITIES = List.of(
      "New York, NY, United States", "San Francisco, CA, United States", "London, United Kingdom",
      "Berlin, Germany", "München, Germany", "Kraków, Poland", "São Paulo, Brazil",
      "Zürich, Switzerland", "Paris, France", "Toronto, Canada", "Bengaluru, India", "Tokyo, Japan");
  public static final List<String> COMPANY_STEMS = List.of(
      "Northwind", "Bluefin", "Kestrel", "Lumen", "Quarry", "Helix", "Orbit", "Cobalt", "Meridian",
      "Fjordline", "Équinoxe", "Nordström", "Sakura", "Atlas", "Vireo", "Tundra", "Copperleaf");
  public static final List<String> COMPANY_SUFFIXES = List.of(
      "Labs", "Systems", "Analytics", "Health", "Robotics", "Cloud", "Software", "Energy", "AI",
      "GmbH", "SA", "Inc.");
  public static final List<String> INDUSTRIES = List.of(
      "Software Development", "Financial Services", "Hospital & Health Care", "Biotechnology",
      "Logistics", "Retail", "Renewable Energy", "Education", "Cybersecurity", "Media");
  public static final List<String> COUNTRIES = List.of(
      "US", "US", "US", "GB", "DE", "FR", "CA", "IN", "BR", "JP", "PL", "CH", "SE", "NG");

  /** Row 0 of every people search. */
  static final String SPECIAL_NAME = "José Müller";
  /** Row 1 of every people search: a second script. */
  static final String SPECIAL_NAME_2 = "李娜";
  /** Row 1 title of every people search: comma, quote and newline. */
  static final String SPECIAL_TITLE = "Head of \"Growth\", EMEA\nRemote";
  /** Row 0 of every company search. */
  static final String SPECIAL_COMPANY = "Zoë & Łukasz Analytics";
  /** Row 1 industry of every company search: comma, quote and newline. */
  static final String SPECIAL_INDUSTRY = "Software, \"SaaS\"\nB2B";

  private Vocabulary() {}
}

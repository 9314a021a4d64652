package io.s64.emulator.rows;

import java.util.List;

/** A search mode, with the columns of its rows (also the CSV header, in order). */
public enum Mode {
  PEOPLE("people", List.of("id", "full_name", "title", "company", "location", "linkedin_url")),
  COMPANY("company",
      List.of("id", "name", "domain", "industry", "employees_count", "hq_country_iso2"));

  private final String wire;
  private final List<String> columns;

  Mode(String wire, List<String> columns) {
    this.wire = wire;
    this.columns = columns;
  }

  /** The JSON spelling: {@code people} or {@code company}. */
  public String wire() {
    return wire;
  }

  public List<String> columns() {
    return columns;
  }

  public static Mode of(String wire) {
    return wire.equals("people") ? PEOPLE : COMPANY;
  }
}

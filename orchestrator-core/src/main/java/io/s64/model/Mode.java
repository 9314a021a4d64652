package io.s64.model;

import io.s64.error.ConfigurationException;
import java.util.Locale;

/** Whether a search returns people or companies. */
public enum Mode {
  PEOPLE,
  COMPANY;

  /** The value on the wire: {@code people} or {@code company}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Reads a mode case-insensitively.
   *
   * @throws ConfigurationException naming the value when it is neither people nor company
   */
  public static Mode parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    switch (v) {
      case "people":
        return PEOPLE;
      case "company":
        return COMPANY;
      default:
        throw new ConfigurationException("mode must be people or company but was '" + value + "'");
    }
  }
}

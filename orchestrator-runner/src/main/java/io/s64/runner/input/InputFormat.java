package io.s64.runner.input;

import java.util.Locale;

/** The input formats, chosen by the file name's extension; {@code -} is stdin, read as JSON lines. */
public enum InputFormat {
  /** One JSON object per line ({@code .jsonl}, {@code .ndjson}, stdin). */
  JSONL,
  /** RFC 4180 CSV with a header of id, query, mode, max_results ({@code .csv}). */
  CSV,
  /** One deep-search query per line ({@code .txt}). */
  TEXT;

  /**
   * The format of {@code input}.
   *
   * @throws InputException naming the input when its extension is not one of the known ones
   */
  public static InputFormat of(String input) {
    if (input.equals("-")) {
      return JSONL;
    }
    String name = input.toLowerCase(Locale.ROOT);
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      return JSONL;
    }
    if (name.endsWith(".csv")) {
      return CSV;
    }
    if (name.endsWith(".txt")) {
      return TEXT;
    }
    throw new InputException("INPUT '" + input
        + "' has an unknown format: use a .jsonl, .ndjson, .csv or .txt file, or - for JSON lines"
        + " on stdin");
  }
}

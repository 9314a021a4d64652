package io.s64.runner.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON mapper of the input: strict about what a record may be (one object, no duplicate keys,
 * nothing after it) and reading whole numbers as {@code Long}, like the library.
 */
final class JsonRecords {
  static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_LONG_FOR_INTS);

  private JsonRecords() {}

  /** A JSON tree as plain Java values: maps, lists, strings, longs, doubles, booleans. */
  static Object plain(JsonNode node) {
    return MAPPER.convertValue(node, Object.class);
  }
}

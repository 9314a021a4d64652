package io.s64.runner.output;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes one JSON object as one line of bytes (newline included), for appending. Shared by the
 * output files; also the mapper that reads them back on resume (whole numbers as {@code Long},
 * like the library, so row keys come out the same).
 */
public final class JsonLines {
  /** The mapper of the output files. */
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.USE_LONG_FOR_INTS);

  /** Writes the fields of one object. */
  @FunctionalInterface
  public interface Fields {
    /** Writes the object's fields (not its braces). */
    void write(JsonGenerator g) throws IOException;
  }

  private JsonLines() {}

  /** One object with the given fields, as a line of UTF-8 bytes ending in a newline. */
  public static byte[] line(Fields fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = MAPPER.createGenerator(out)) {
      g.writeStartObject();
      fields.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.write('\n');
    return out.toByteArray();
  }
}

package io.s64.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.s64.error.DecodeException;
import io.s64.model.Row;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CsvRowDecoderTest {
  private static final String FILE = "\uFEFFid,full_name,title\r\n"
      + "1,José Müller,\"Head of \"\"Growth\"\", EMEA\nRemote\"\r\n"
      + "2,李娜,CTO\r\n"
      + "\r\n"
      + "3,\"Zoë Łukasz\",\"\"\r\n";

  /** Feeds the file in chunks of {@code size} bytes. */
  private static List<CsvRowDecoder.Decoded> decode(byte[] bytes, int size, long start, List<String> header) {
    CsvRowDecoder d = new CsvRowDecoder(start, header);
    List<CsvRowDecoder.Decoded> out = new ArrayList<>();
    for (int i = 0; i < bytes.length; i += size) {
      out.addAll(d.feed(ByteBuffer.wrap(bytes, i, Math.min(size, bytes.length - i))));
    }
    out.addAll(d.finish());
    return out;
  }

  @ParameterizedTest(name = "chunks of {0} bytes")
  @ValueSource(ints = {1, 2, 3, 7, 64, 4096})
  void decodesQuotesCommasLineBreaksAndNonAsciiWhateverTheChunking(int size) {
    byte[] bytes = FILE.getBytes(StandardCharsets.UTF_8);
    List<CsvRowDecoder.Decoded> rows = decode(bytes, size, 0, null);
    assertEquals(3, rows.size());
    assertEquals(Map.of("id", "1", "full_name", "José Müller", "title", "Head of \"Growth\", EMEA\nRemote"),
        rows.get(0).row().fields());
    assertEquals("李娜", rows.get(1).row().get("full_name"));
    assertEquals(Row.of(Map.of("id", "3", "full_name", "Zoë Łukasz", "title", "")), rows.get(2).row());
    assertEquals(bytes.length, rows.get(2).endOffset());
  }

  @Test
  void continuesMidFileFromARowsEndOffsetWithAKnownHeader() {
    byte[] bytes = FILE.getBytes(StandardCharsets.UTF_8);
    List<CsvRowDecoder.Decoded> all = decode(bytes, 4096, 0, null);
    long resumeAt = all.get(0).endOffset();
    byte[] rest = java.util.Arrays.copyOfRange(bytes, (int) resumeAt, bytes.length);
    List<CsvRowDecoder.Decoded> tail = decode(rest, 5, resumeAt, List.of("id", "full_name", "title"));
    assertEquals(List.of(all.get(1), all.get(2)), tail);
  }

  @Test
  void aFileWithoutAFinalLineBreakStillYieldsItsLastRow() {
    List<CsvRowDecoder.Decoded> rows = decode("a,b\n1,2".getBytes(StandardCharsets.UTF_8), 3, 0, null);
    assertEquals(List.of(Map.of("a", "1", "b", "2")), rows.stream().map(r -> r.row().fields()).toList());
  }

  @Test
  void anUnbalancedQuoteIsADecodeError() {
    CsvRowDecoder d = new CsvRowDecoder(0, null);
    d.feed(ByteBuffer.wrap("a,b\n1,\"open\n".getBytes(StandardCharsets.UTF_8)));
    DecodeException e = assertThrows(DecodeException.class, d::finish);
    assertEquals("CSV ends inside a quoted field (an unbalanced quote)", e.getMessage());
  }

  @Test
  void extraFieldsGetPositionalNames() {
    List<CsvRowDecoder.Decoded> rows = decode("a\n1,2\n".getBytes(StandardCharsets.UTF_8), 8, 0, null);
    assertEquals(Map.of("a", "1", "_col2", "2"), rows.get(0).row().fields());
  }
}

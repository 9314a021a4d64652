package io.s64.runner.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.s64.job.Job;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhysicalLinesTest {

  private static List<Line> lines(byte[] bytes, int max) throws IOException {
    PhysicalLines in = new PhysicalLines(new ByteArrayInputStream(bytes), max);
    List<Line> out = new ArrayList<>();
    for (Line l = in.next(); l != null; l = in.next()) {
      out.add(l);
    }
    return out;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void crlfAndAMissingFinalNewlineAreFine() throws IOException {
    List<Line> lines = lines(bytes("a\r\nb\n\nc"), 100);
    assertEquals(List.of("a", "b", "", "c"), lines.stream().map(Line::text).toList());
    assertEquals(List.of(1L, 2L, 3L, 4L), lines.stream().map(Line::number).toList());
  }

  @Test
  void aByteOrderMarkOnTheFirstLineIsSkipped() throws IOException {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'h', 'i', '\n'};
    assertEquals("hi", lines(bom, 100).get(0).text());
  }

  @Test
  void invalidUtf8IsAProblemOfThatLineOnly() throws IOException {
    byte[] in = {'o', 'k', '\n', 'a', 'b', (byte) 0xC3, '(', '\n', 'z', '\n'};
    List<Line> lines = lines(in, 100);
    assertEquals("ok", lines.get(0).text());
    assertNull(lines.get(1).text());
    assertEquals("not valid UTF-8 (byte 0xC3 at byte 3)", lines.get(1).problem());
    assertEquals("z", lines.get(2).text());
  }

  @Test
  void controlCharactersAreBinaryData() throws IOException {
    byte[] in = {'a', 0, 'b', '\n', 'c', '\t', 'd', '\n'};
    List<Line> lines = lines(in, 100);
    assertEquals("contains binary data (control character U+0000 at column 2)", lines.get(0).problem());
    assertEquals("c\td", lines.get(1).text());
  }

  @Test
  void aLineLongerThanTheLimitIsSkippedAndTheNextLineIsRead() throws IOException {
    byte[] big = new byte[250];
    Arrays.fill(big, (byte) 'x');
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    in.write(big);
    in.write(bytes("\nnext\n"));
    List<Line> lines = lines(in.toByteArray(), 100);
    assertEquals("longer than 100 bytes; skipped", lines.get(0).problem());
    assertEquals("next", lines.get(1).text());
    assertEquals(2, lines.get(1).number());
  }

  @Test
  void aLineOfExactlyTheLimitIsAccepted() throws IOException {
    byte[] line = new byte[100];
    Arrays.fill(line, (byte) 'y');
    assertEquals(100, lines(line, 100).get(0).text().length());
  }

  @Test
  void aJsonLineOverOneMegabyteBecomesAnInvalidJobAndTheRunGoesOn() {
    StringBuilder b = new StringBuilder("{\"query\":\"");
    while (b.length() < PhysicalLines.MAX_LINE_BYTES + 10) {
      b.append("long query ");
    }
    b.append("\"}\n{\"query\":\"short\"}\n");
    List<Job> jobs = Inputs.read(InputFormat.JSONL, b.toString());
    assertEquals("line 1: longer than 1 MB; skipped", JobParts.problem(jobs.get(0)));
    assertEquals(Job.Kind.DEEP, jobs.get(1).kind());
  }

  @Test
  void invalidUtf8AndBinaryLinesBecomeInvalidJobs() {
    byte[] in = {'{', '"', 'q', 'u', 'e', 'r', 'y', '"', ':', '"', (byte) 0xFF, '"', '}', '\n',
        0x01, 0x02, 0x03, '\n', '{', '"', 'q', 'u', 'e', 'r', 'y', '"', ':', '"', 'k', '"', '}'};
    List<Job> jobs = Inputs.read(InputFormat.JSONL, in, InputDefaults.api());
    assertEquals("line 1: not valid UTF-8 (byte 0xFF at byte 11)", JobParts.problem(jobs.get(0)));
    assertEquals("line 2: contains binary data (control character U+0001 at column 1)",
        JobParts.problem(jobs.get(1)));
    assertEquals("line-3", jobs.get(2).id());
    assertEquals(Job.Kind.DEEP, jobs.get(2).kind());
  }
}

package io.s64.runner.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TornLinesTest {
  @TempDir Path dir;

  @Test
  void aWholeFileIsLeftAlone() throws IOException {
    Path f = dir.resolve("a");
    Files.writeString(f, "one\ntwo\n");
    assertEquals(0, TornLines.repair(f));
    assertEquals("one\ntwo\n", Files.readString(f));
  }

  @Test
  void aTornLastLineIsCutAfterTheLastNewline() throws IOException {
    Path f = dir.resolve("b");
    Files.writeString(f, "one\ntwo\nthr");
    assertEquals(3, TornLines.repair(f));
    assertEquals("one\ntwo\n", Files.readString(f));
  }

  @Test
  void aFileWithoutAnyNewlineIsEmptied() throws IOException {
    Path f = dir.resolve("c");
    Files.writeString(f, "x".repeat(20_000));
    assertEquals(20_000, TornLines.repair(f));
    assertEquals(0, Files.size(f));
  }

  @Test
  void aNewlineFarBackIsFoundAcrossBuffers() throws IOException {
    Path f = dir.resolve("d");
    Files.writeString(f, "keep\n" + "y".repeat(30_000));
    assertEquals(30_000, TornLines.repair(f));
    assertEquals("keep\n", Files.readString(f));
  }

  @Test
  void anAbsentFileIsNoProblem() throws IOException {
    assertEquals(0, TornLines.repair(dir.resolve("none")));
  }
}

package io.s64.runner.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class ProgressPrinterTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void noneModePrintsNothingNotEvenTheSummary() {
    ProgressPrinter p = new ProgressPrinter(ProgressMode.NONE, out, new ProgressMeter(System::nanoTime, 0, 0), 80);
    p.start(Flux.never());
    p.finish("s64: done");
    assertEquals("", printed());
  }

  @Test
  void plainModePrintsTheSummaryOnItsOwnLine() {
    ProgressPrinter p = new ProgressPrinter(ProgressMode.PLAIN, out, new ProgressMeter(System::nanoTime, 0, 0), 80);
    p.start(Flux.never());
    p.note("s64: a note");
    p.finish("s64: done");
    assertEquals("s64: a note\ns64: done\n", printed().replace("\r\n", "\n"));
  }
}

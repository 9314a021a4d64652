package io.s64.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input as a user might feed it, through the real CLI under a small heap: binary garbage,
 * invalid UTF-8, a 100 KB query, duplicate ids, a CSV with an unbalanced quote, and a file far
 * larger than the heap. Each bad record gets its own clear {@code invalid} outcome and the rest
 * of the batch runs.
 */
class HostileInputIT {
  private static final Duration RUN = Duration.ofSeconds(180);
  @TempDir Path work;
  private Emulator emulator;
  private Cli cli;

  @BeforeEach
  void start() {
    emulator = Emulator.start(EmulatorConfig.builder().port(0)
        .searchDuration(Duration.ofMillis(200), Duration.ofMillis(500)).build());
    cli = new Cli(work).env("SIXTYFOUR_API_KEY", "sk-hostile-input").heap("-Xmx48m");
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private Cli.Run run(String input) throws Exception {
    return cli.run(RUN, "run", input, "--out", "out-" + input.replace('.', '-'), "--base-url",
        emulator.baseUrl(), "--poll-interval", "100ms", "--progress", "none");
  }

  private Map<String, JsonNode> outcomes(String input) {
    return new OutFolder(work.resolve("out-" + input.replace('.', '-'))).outcomeByJob();
  }

  @Test
  void everyHostileLineEndsInvalidWithAClearMessageAndTheOthersRun() throws Exception {
    Path file = work.resolve("hostile.jsonl");
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write("{\"id\":\"ok-1\",\"query\":\"CTOs in Oslo\",\"max_results\":10}\n".getBytes(StandardCharsets.UTF_8));
      byte[] garbage = new byte[300];
      new Random(1).nextBytes(garbage);
      for (int i = 0; i < garbage.length; i++) {
        if (garbage[i] == '\n' || garbage[i] == '\r') {
          garbage[i] = 0;
        }
      }
      out.write(garbage);
      out.write('\n');
      out.write(new byte[] {'{', '"', 'q', 'u', 'e', 'r', 'y', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'});
      out.write(("{\"id\":\"huge\",\"query\":\"" + "x".repeat(100 * 1024) + "\"}\n").getBytes(StandardCharsets.UTF_8));
      out.write("{\"id\":\"ok-1\",\"query\":\"a second ok-1\"}\n".getBytes(StandardCharsets.UTF_8));
      out.write(("{\"id\":\"way-too-long\",\"query\":\"" + "y".repeat(2 * 1024 * 1024) + "\"}\n").getBytes(StandardCharsets.UTF_8));
      out.write("{\"id\":\"ok-2\",\"simple_filters\":{\"n\":1},\"max_results\":12,\"page_size\":10}\n".getBytes(StandardCharsets.UTF_8));
    }
    Cli.Run r = run("hostile.jsonl");
    assertEquals(1, r.process.exitValue(), r.stderr());
    Map<String, JsonNode> o = outcomes("hostile.jsonl");
    assertEquals(7, o.size(), o.keySet().toString());
    assertEquals("completed", o.get("ok-1").get("status").asText());
    assertEquals("completed", o.get("ok-2").get("status").asText());
    assertInvalid(o.get("line-2"), "line 2: not valid");
    assertInvalid(o.get("line-3"), "line 3: not valid UTF-8");
    assertInvalid(o.get("huge"), "line 4: query must be at most 4000 characters but was 102400");
    assertInvalid(o.get("line-5"), "line 5: duplicate id 'ok-1' (first used on line 1)");
    assertInvalid(o.get("line-6"), "line 6: longer than 1 MB");
  }

  @Test
  void aCsvWithAnUnbalancedQuoteInvalidatesThatRecordOnly() throws Exception {
    Files.writeString(work.resolve("leads.csv"), "id,query,max_results\n"
        + "a,CFOs in Lyon,10\n"
        + "b,\"Heads of \"\"Sales\"\", Nordics\",10\n"
        + "c,\"an unbalanced quote,10\n", StandardCharsets.UTF_8);
    Cli.Run r = run("leads.csv");
    assertEquals(1, r.process.exitValue(), r.stderr());
    Map<String, JsonNode> o = outcomes("leads.csv");
    assertEquals("completed", o.get("a").get("status").asText());
    assertEquals("completed", o.get("b").get("status").asText());
    assertEquals(3, o.size(), o.keySet().toString());
    JsonNode broken = o.containsKey("c") ? o.get("c") : o.get("line-4");
    assertInvalid(broken, "line 4: ");
    assertTrue(broken.get("message").asText().contains("quote"), broken.toString());
  }

  @Test
  void anInputMuchLargerThanTheHeapStreamsThrough() throws Exception {
    Path big = work.resolve("big.jsonl");
    byte[] filler = (" ".repeat(1023) + "\n").getBytes(StandardCharsets.US_ASCII);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(big), 1 << 20)) {
      for (int i = 0; i < 200_000; i++) {
        if (i % 50_000 == 0) {
          out.write(("{\"id\":\"job-" + i + "\",\"simple_filters\":{\"i\":" + i + "},\"max_results\":5}\n")
              .getBytes(StandardCharsets.UTF_8));
        }
        out.write(filler);
      }
    }
    assertTrue(Files.size(big) > 4 * 48L * 1024 * 1024, "the input is over four times the heap");
    Cli.Run r = run("big.jsonl");
    assertEquals(0, r.process.exitValue(), r.stderr());
    assertEquals(4, outcomes("big.jsonl").size());
  }

  private static void assertInvalid(JsonNode outcome, String messageStart) {
    assertEquals("invalid", outcome.get("status").asText(), outcome.toString());
    assertTrue(outcome.get("message").asText().startsWith(messageStart), outcome.get("message").asText());
  }
}

package io.s64.runner.queue;

import com.fasterxml.jackson.databind.JsonNode;
import io.s64.runner.output.JsonLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How far {@code s64 collect} got, kept as {@code collect.json} in the output folder and replaced
 * whole (written beside, then moved over) after each round: the last outcome and row entries
 * written, and the lengths of the two files at that moment. A collect that starts again cuts the
 * files back to those lengths and reads on after those entries, so a crash between writing lines
 * and recording them can neither lose nor repeat a line.
 *
 * @param outcomesAfter the stream id of the last outcome written ({@code 0}: none)
 * @param rowsAfter the stream id of the last page of rows written
 * @param outcomesBytes the length of {@code outcomes.jsonl}
 * @param resultsBytes the length of {@code results.jsonl}
 */
record CollectPosition(String outcomesAfter, String rowsAfter, long outcomesBytes,
    long resultsBytes) {
  static final CollectPosition START = new CollectPosition("0", "0", 0, 0);

  static CollectPosition read(Path file) throws IOException {
    JsonNode n = JsonLines.MAPPER.readTree(Files.readAllBytes(file));
    return new CollectPosition(n.path("outcomes_after").asText("0"), n.path("rows_after").asText("0"),
        n.path("outcomes_bytes").asLong(0), n.path("results_bytes").asLong(0));
  }

  void write(Path file) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("outcomes_after", outcomesAfter);
    m.put("rows_after", rowsAfter);
    m.put("outcomes_bytes", outcomesBytes);
    m.put("results_bytes", resultsBytes);
    Path next = file.resolveSibling(file.getFileName() + ".next");
    Files.write(next, JsonLines.MAPPER.writeValueAsBytes(m));
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}

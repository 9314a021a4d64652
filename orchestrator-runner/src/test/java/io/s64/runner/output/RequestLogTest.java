package io.s64.runner.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.s64.limits.RequestBudget;
import io.s64.limits.RequestBudget.Lane;
import io.s64.limits.RequestBudget.ServerLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** requests.jsonl: one line per answered (or unanswered) request, with its lane and status. */
class RequestLogTest {
  @TempDir Path dir;

  @Test
  void logsEachRequestsLaneStatusAndTheKindOfA429AfterAHeaderWithTheSettings() throws Exception {
    Path file = dir.resolve("requests.jsonl");
    RequestLog log = new RequestLog(RequestBudget.unlimited(), file, Instant.now(),
        Map.of("rate_limit", 500));
    log.start();
    log.acquire(Lane.SLOT).block(Duration.ofSeconds(5)).onResponse(200, ServerLimits.NONE, false);
    log.acquire(Lane.SLOT).block(Duration.ofSeconds(5)).onResponse(429, ServerLimits.NONE, true);
    log.acquire(Lane.BULK).block(Duration.ofSeconds(5)).onResponse(429, ServerLimits.NONE, false);
    log.acquire(Lane.CONTINUATION).block(Duration.ofSeconds(5)).onNoResponse();
    log.close();
    log.acquire(Lane.BULK).block(Duration.ofSeconds(5)).onResponse(200, ServerLimits.NONE, false);

    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      lines.add(JsonLines.MAPPER.readTree(line));
    }
    assertEquals(5, lines.size(), "a header and four requests; none after close: " + lines);
    assertEquals("header", lines.get(0).get("type").asText());
    assertEquals(500, lines.get(0).get("rate_limit").asInt());
    assertEquals(List.of("slot", "slot", "bulk", "continuation"),
        lines.subList(1, 5).stream().map(l -> l.get("lane").asText()).toList());
    assertEquals(200, lines.get(1).get("status").asInt());
    assertEquals("slots", lines.get(2).get("kind").asText());
    assertEquals("rate", lines.get(3).get("kind").asText());
    assertTrue(lines.get(4).get("status").isNull());
    assertTrue(lines.subList(1, 5).stream().allMatch(l -> l.get("t").asLong() >= 0
        && l.get("ms").asLong() >= 0 && l.size() <= 5), lines.toString());
  }
}

package io.s64.runner.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.s64.runner.output.JsonLines;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * {@code requests.jsonl} counted per rate window, from the first header's {@code started_at} on:
 * requests by lane, 429s by kind, requests that got no answer. Reads the file one line at a time
 * and keeps one small record a window, so a run of millions of requests costs a few kilobytes.
 */
final class RequestWindows {
  /** The lanes, in the budget's order of service. */
  static final List<String> LANES = List.of("slot", "continuation", "bulk");

  /** The requests of one window. */
  static final class Window {
    final long[] byLane = new long[LANES.size()];
    long rate429;
    long slots429;
    long unanswered;

    long total() {
      long n = 0;
      for (long v : byLane) {
        n += v;
      }
      return n;
    }
  }

  final @Nullable Instant origin;
  final long windowMs;
  final long limit;
  final TreeMap<Long, Window> windows;
  final long requests;
  final long rate429;
  final long slots429;
  final List<JsonNode> headers;

  private RequestWindows(@Nullable Instant origin, long windowMs, long limit,
      TreeMap<Long, Window> windows, List<JsonNode> headers) {
    this.origin = origin;
    this.windowMs = windowMs;
    this.limit = limit;
    this.windows = windows;
    this.headers = List.copyOf(headers);
    long n = 0;
    long r = 0;
    long s = 0;
    for (Window w : windows.values()) {
      n += w.total();
      r += w.rate429;
      s += w.slots429;
    }
    this.requests = n;
    this.rate429 = r;
    this.slots429 = s;
  }

  /** Whether the folder had a request log. */
  boolean present() {
    return origin != null;
  }

  /** The window's start. */
  Instant start(long index) {
    return origin == null ? Instant.EPOCH : origin.plusMillis(index * windowMs);
  }

  /** Reads the log; an absent file gives no windows. Torn or foreign lines are skipped. */
  static RequestWindows read(Path file) throws IOException {
    TreeMap<Long, Window> windows = new TreeMap<>();
    List<JsonNode> headers = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return new RequestWindows(null, 60_000, 0, windows, headers);
    }
    Instant origin = null;
    long windowMs = 60_000;
    long limit = 0;
    long base = 0; // the current header's start, in ms after the origin
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        JsonNode j = parse(line);
        if (j == null) {
          continue;
        }
        if (j.path("type").asText().equals("header")) {
          Instant at = instant(j.path("started_at").asText(""));
          if (at == null) {
            continue;
          }
          if (origin == null) {
            origin = at;
            windowMs = Math.max(1, j.path("rate_window_ms").asLong(60_000));
            limit = j.path("rate_limit").asLong(0);
          }
          base = at.toEpochMilli() - origin.toEpochMilli();
          headers.add(j);
          continue;
        }
        if (origin == null || !j.path("t").isNumber()) {
          continue;
        }
        long at = base + j.get("t").asLong();
        Window w = windows.computeIfAbsent(Math.floorDiv(at, windowMs), k -> new Window());
        int lane = LANES.indexOf(j.path("lane").asText());
        w.byLane[lane < 0 ? LANES.size() - 1 : lane]++;
        JsonNode status = j.path("status");
        if (!status.isNumber()) {
          w.unanswered++;
        } else if (status.asInt() == 429) {
          if (j.path("kind").asText().equals("slots")) {
            w.slots429++;
          } else {
            w.rate429++;
          }
        }
      }
    }
    return new RequestWindows(origin, windowMs, limit, windows, headers);
  }

  /** The settings of the first header, without its time. */
  Map<String, JsonNode> settings() {
    Map<String, JsonNode> m = new java.util.LinkedHashMap<>();
    if (!headers.isEmpty()) {
      headers.get(0).fields().forEachRemaining(e -> {
        if (!e.getKey().equals("type") && !e.getKey().equals("started_at")) {
          m.put(e.getKey(), e.getValue());
        }
      });
    }
    return m;
  }

  private static @Nullable JsonNode parse(String line) {
    if (line.isBlank()) {
      return null;
    }
    try {
      return JsonLines.MAPPER.readTree(line);
    } catch (IOException e) {
      return null;
    }
  }

  static @Nullable Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}

package io.s64.runner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of large and odd folders, written from files made here. */
class RunReportTest {
  private static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");

  @TempDir Path dir;

  @Test
  void tenThousandJobsMakeAReportUnderFiveMegabytesWithEveryBarOnFiveLanes() throws IOException {
    int searches = 9_700;
    Random random = new Random(7);
    long[] slotFree = new long[5];
    try (Writer out = Files.newBufferedWriter(dir.resolve("outcomes.jsonl"), StandardCharsets.UTF_8)) {
      for (int i = 0; i < searches; i++) {
        int slot = 0;
        for (int s = 1; s < 5; s++) {
          slot = slotFree[s] < slotFree[slot] ? s : slot;
        }
        long start = slotFree[slot] + 40 + random.nextInt(400);
        long end = start + 30_000 + random.nextInt(90_000);
        slotFree[slot] = end;
        boolean failed = i % 50 == 7;
        out.write(outcome("deep-" + i, "deep", failed ? "failed" : "completed", failed ? 0 : 100,
            start, end - 1_000 - random.nextInt(9_000), end, end + 2_000,
            failed ? "{\"status\":null,\"detail\":\"search failed: upstream timeout\"}" : "null"));
      }
      for (int i = 0; i < 300; i++) {
        out.write(outcome("filter-" + i, "filter", "completed", 250, -1, -1, -1, 1_000L * i, "null"));
      }
    }
    try (Writer out = Files.newBufferedWriter(dir.resolve("requests.jsonl"), StandardCharsets.UTF_8)) {
      out.write("{\"type\":\"header\",\"started_at\":\"" + T0 + "\",\"rate_limit\":500,"
          + "\"rate_window_ms\":60000,\"slots\":5,\"poll_interval_ms\":null,\"search_timeout_ms\":1800000}\n");
      for (int i = 0; i < 97_000; i++) {
        out.write("{\"t\":" + (i * 25L) + ",\"lane\":\"slot\",\"status\":" + (i % 1000 == 0 ? 429 : 200)
            + ",\"kind\":\"rate\",\"ms\":40}\n");
      }
    }

    Path report = RunReport.write(dir);

    long size = Files.size(report);
    assertTrue(size <= 5L * 1024 * 1024, "report of 10,000 jobs is " + size + " bytes");
    Document page = Jsoup.parse(report.toFile(), "UTF-8");
    assertEquals(searches, page.select("svg#timeline rect.bar").size());
    assertEquals(5, page.select("svg#timeline rect.lane").size(), "a run that kept its 5 slots fits 5 lanes");
    assertEquals(searches + 300, page.select("table#jobs tbody tr").size());
    assertEquals("failed", page.selectFirst("table#jobs tbody tr").attr("data-status"));
    assertEquals(97, page.select("svg#requests g.r429").stream()
        .mapToLong(g -> Long.parseLong(g.attr("data-count"))).sum());
  }

  @Test
  void aGapOnALaneIsLeftEmptyAndSearchesBeyondTheSlotsGetLanesOfTheirOwn() {
    // Three searches back to back on two slots, an idle stretch, then three at once.
    long[] starts = {0, 0, 100, 500, 500, 500};
    long[] ends = {100, 300, 200, 600, 600, 600};
    List<SlotLanes.Placed> placed = SlotLanes.place(starts, ends);
    assertEquals(List.of(0, 1, 0, 0, 1, 2), placed.stream().map(SlotLanes.Placed::lane).toList());
    assertEquals(3, SlotLanes.lanes(placed));
  }

  @Test
  void textFromTheFilesIsEscaped() throws IOException {
    Files.writeString(dir.resolve("outcomes.jsonl"), outcome("<img src=x onerror=alert(1)>",
        "deep", "failed", 0, 0, 10, 20, 30, "\"<script>alert('x')</script> & more\""));
    Document page = Jsoup.parse(RunReport.write(dir).toFile(), "UTF-8");
    assertTrue(page.select("img").isEmpty());
    assertEquals(1, page.select("script").size() - 1, "only the page's own two scripts: "
        + page.select("script").size());
    assertEquals("<script>alert('x')</script> & more",
        page.select("table#jobs tbody tr td").get(5).text());
  }

  /** An outcomes.jsonl line; times in ms after {@link #T0}, -1 for none. */
  private static String outcome(String id, String kind, String status, long rows, long started,
      long polledBefore, long terminal, long finished, String errorJson) {
    String escapedId = id.replace("\"", "\\\"");
    return "{\"job_id\":\"" + escapedId + "\",\"kind\":\"" + kind + "\",\"status\":\"" + status
        + "\",\"rows\":" + rows + ",\"task_id\":null,\"search_id\":null,\"error\":" + errorJson
        + ",\"duplicate_of\":null,\"message\":null,\"timings\":{\"admitted_at\":\"" + T0
        + "\",\"started_at\":" + time(started) + ",\"polled_before_terminal_at\":" + time(polledBefore)
        + ",\"terminal_at\":" + time(terminal) + ",\"finished_at\":" + time(finished)
        + ",\"elapsed_ms\":" + Math.max(0, finished) + "},\"requests\":3,\"phase\":null,\"iterations\":null}\n";
  }

  private static String time(long ms) {
    return ms < 0 ? "null" : "\"" + T0.plusMillis(ms) + "\"";
  }
}

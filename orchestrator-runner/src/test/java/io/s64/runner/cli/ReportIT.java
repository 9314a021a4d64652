package io.s64.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run report of a real run against the emulator, read with jsoup and checked against the
 * run's own files: a bar per deep search that started, a row per outcome with its kind, status and
 * rows, failed jobs first, counts that match {@code summary.json}, every request and every 429 in
 * the windows, nothing fetched from a network, and no key.
 */
class ReportIT {
  private static final Duration RUN = Duration.ofSeconds(90);
  private static final String KEY = "sk-test-report-4f1e-not-a-real-key";
  private static final Pattern WINDOW = Pattern.compile("^window at \\+[0-9:.s]+: (\\d+) requests");

  @TempDir Path work;
  private Emulator emulator;

  @BeforeEach
  void start() {
    // The organization has 2 slots and the run believes it has 5: some starts meet "slots busy"
    // 429s, which the report must mark.
    emulator = Emulator.start(EmulatorConfig.builder().port(0).seed(11).slots(2)
        .searchDuration(Duration.ofMillis(300), Duration.ofMillis(1500))
        .build());
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  @Test
  void theReportShowsEveryJobSearchRequestAnd429OfTheRunAndNothingElse() throws Exception {
    List<String> lines = new ArrayList<>(Inputs.mixed(9, 6));
    lines.add("{\"id\":\"doomed\",\"query\":\"FAILME leaders in Oslo\",\"max_results\":20}");
    lines.add("{\"id\":\"bad-mode\",\"query\":\"x\",\"mode\":\"robots\"}");
    Inputs.write(work, "jobs.jsonl", lines);
    Cli.Run r = new Cli(work).env("SIXTYFOUR_API_KEY", KEY).run(RUN, "run", "jobs.jsonl", "--out",
        "out", "--base-url", emulator.baseUrl(), "--poll-interval", "200ms", "--progress", "none",
        "--rate-window", "2s", "--page-size", "10");
    assertEquals(1, r.process.exitValue(), r.stderr());
    OutFolder out = new OutFolder(work.resolve("out"));
    Path file = out.dir.resolve("report.html");
    String html = Files.readString(file, StandardCharsets.UTF_8);
    Document page = Jsoup.parse(html);
    List<JsonNode> outcomes = out.outcomes();
    JsonNode summary = out.summary();

    // One bar per deep search that started, named in its title; a hatched part for each that ended.
    Set<String> started = outcomes.stream()
        .filter(o -> o.get("kind").asText().equals("deep"))
        .filter(o -> o.get("timings").hasNonNull("started_at"))
        .map(o -> o.get("job_id").asText()).collect(Collectors.toSet());
    List<Element> bars = page.select("svg#timeline rect.bar");
    assertEquals(started, bars.stream().map(b -> b.selectFirst("title").text().split(" · ")[0])
        .collect(Collectors.toSet()));
    assertEquals(started.size(), bars.size());
    long ended = outcomes.stream().filter(o -> started.contains(o.get("job_id").asText()))
        .filter(o -> o.get("timings").hasNonNull("terminal_at")).count();
    assertEquals(ended, page.select("svg#timeline rect.delay").size());
    assertEquals(5, page.select("svg#timeline rect.lane").size(), "the five slots, none over");

    // A row per outcome, with its kind, status and rows; failed and invalid jobs first.
    Map<String, JsonNode> byId = out.outcomeByJob();
    List<Element> rows = page.select("table#jobs tbody tr");
    assertEquals(outcomes.size(), rows.size());
    for (Element row : rows) {
      List<String> cells = row.select("td").eachText();
      JsonNode o = byId.get(cells.get(0));
      assertEquals(o.get("kind").asText(), cells.get(1), cells.toString());
      assertEquals(o.get("status").asText(), cells.get(2), cells.toString());
      assertEquals(o.get("rows").asText(), cells.get(3), cells.toString());
    }
    List<String> order = rows.stream().map(e -> e.attr("data-status")).collect(Collectors.toList());
    assertEquals("failed", order.get(0), order.toString());
    int lastProblem = Math.max(order.lastIndexOf("failed"), order.lastIndexOf("invalid"));
    int firstDone = Math.min(order.indexOf("completed"), order.indexOf("duplicate"));
    assertTrue(lastProblem < firstDone, "failed and invalid jobs come first: " + order);
    assertTrue(rows.get(0).text().contains("doomed"), rows.get(0).text());

    // The counts by status are the summary's.
    JsonNode byStatus = summary.get("by_status");
    byStatus.fields().forEachRemaining(e -> assertEquals(e.getValue().asLong(),
        Long.parseLong(page.selectFirst("table#counts tr[data-status=" + e.getKey() + "] td.total")
            .text().replace(",", "")), e.getKey()));

    // Every request the run sent is in a window, every 429 is marked.
    long requests = 0;
    for (Element hit : page.select("svg#requests rect.hit")) {
      Matcher m = WINDOW.matcher(hit.selectFirst("title").text());
      assertTrue(m.find(), hit.toString());
      requests += Long.parseLong(m.group(1));
    }
    assertEquals(summary.get("requests").asLong(), requests);
    long marked = page.select("svg#requests g.r429").stream()
        .mapToLong(g -> Long.parseLong(g.attr("data-count"))).sum();
    long n429 = summary.get("http_429").get("rate_limited").asLong()
        + summary.get("http_429").get("slots_busy").asLong();
    assertTrue(n429 > 0, "the run met 429s: " + summary);
    assertEquals(n429, marked);

    // The credits spent are the summary's (the emulator keeps a balance and charges every search).
    assertTrue(summary.get("credits").get("spent").asLong() > 0, summary.toString());
    assertEquals(summary.get("credits").get("spent").asText(), page.select("dl.facts div").stream()
        .filter(d -> d.selectFirst("dt").text().equals("credits spent")).findFirst().orElseThrow()
        .selectFirst("dd").text());

    // Self-contained and key-free: nothing to fetch, no URL, no key.
    assertTrue(page.select("[src], link, [href]").isEmpty(), "nothing is loaded from elsewhere");
    assertFalse(html.contains("://"), "no URL in the page");
    assertFalse(html.contains(KEY));
    assertFalse(Files.readString(out.dir.resolve("requests.jsonl")).contains(KEY));

    // 's64 report' writes the same page again from the files.
    Files.delete(file);
    Cli.Run again = new Cli(work).run(RUN, "report", "out");
    assertEquals(0, again.process.exitValue(), again.stderr());
    assertEquals(html, Files.readString(file, StandardCharsets.UTF_8));
  }

  @Test
  void reportOnAFolderWithoutOutcomesExitsTwoNamingIt() throws Exception {
    Files.createDirectories(work.resolve("empty"));
    Cli.Run r = new Cli(work).run(RUN, "report", "empty");
    assertEquals(2, r.process.exitValue());
    assertTrue(r.stderr().contains("holds no outcomes.jsonl"), r.stderr());
  }

}

package io.s64.runner.report;

import static io.s64.runner.report.Html.count;
import static io.s64.runner.report.Html.esc;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Writes the page: a summary, outcome counts by status and kind, the three charts, the settings
 * and the table of jobs. Everything is inline: the styles, the script (sorting and filtering the
 * table) and the charts, so the file needs nothing from a network.
 */
final class ReportPage {
  private final RunFolder run;
  private final String title;

  ReportPage(RunFolder run, String title) {
    this.run = run;
    this.title = title;
  }

  void write(Writer out) throws IOException {
    Instant origin = run.first != null ? run.first : Instant.EPOCH;
    Instant end = run.last != null ? run.last : origin;
    long span = Math.max(1000, Duration.between(origin, end).toMillis());
    Charts charts = new Charts(origin, span);
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';")
        .append(" style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">")
        .append("<title>").append(esc(title)).append("</title>\n")
        // First, so that an error in any later script shows in the DOM.
        .append("<script>window.onerror=function(m,s,l){document.documentElement.setAttribute(")
        .append("'data-error',String(m)+' (line '+l+')');};</script>\n<style>")
        .append(resource("report.css")).append("</style></head>\n<body>\n");
    h.append("<header><h1>").append(esc(title)).append("</h1><p class=\"sub\">")
        .append(esc(run.journalHeader == null ? "" : run.journalHeader.path("input").asText("")))
        .append("</p></header>\n<main>\n");
    summary(h, origin, span);
    outcomes(h);
    h.append("<section><h2>Slot timeline</h2><p class=\"note\">One bar per deep search, from its"
        + " start to its terminal status, on the slot it held; a gap on a lane is an idle slot."
        + " <span class=\"key hatch-key\"></span> the search ended somewhere after the last poll"
        + " that saw it running (the most it could have been seen late);"
        + " <span class=\"key open-key\"></span> no terminal status (timed out, cancelled).</p>\n");
    if (run.searchesTotal > run.searches.size()) {
      h.append("<p class=\"note\">The first ").append(count(run.searches.size())).append(" of ")
          .append(count(run.searchesTotal)).append(" deep searches.</p>\n");
    }
    charts.timeline(h, run.searches, slots());
    h.append("</section>\n<section><h2>Requests per rate window</h2>");
    if (run.requests.present()) {
      h.append("<p class=\"note\">Stacked by lane: <span class=\"key l-slot\"></span> slot"
          + " (starts and polls) <span class=\"key l-continuation\"></span> continuation (next"
          + " pages) <span class=\"key l-bulk\"></span> bulk (new work); dashed: the limit;"
          + " <span class=\"key k429\"></span> 429 answers.</p>\n");
      charts.requests(h, run.requests);
    } else {
      h.append("<p class=\"note\">This folder has no requests.jsonl (it comes from an s64"
          + " version that did not log requests).</p>\n");
    }
    h.append("</section>\n<section><h2>Rows over time</h2>");
    charts.rows(h, run.rowsBySecond);
    h.append("</section>\n");
    settings(h);
    out.write(h.toString());
    jobs(out);
    out.write("</main>\n<script>");
    out.write(resource("report.js"));
    out.write("</script>\n</body></html>\n");
  }

  private int slots() {
    JsonNode s = run.requests.settings().get("slots");
    return s != null && s.canConvertToInt() && s.asInt() > 0 ? s.asInt() : 5;
  }

  private void summary(StringBuilder h, Instant origin, long span) {
    JsonNode s = run.summary;
    List<String[]> facts = new ArrayList<>();
    facts.add(new String[] {"jobs", count(run.jobs)});
    facts.add(new String[] {"rows", count(run.rows)});
    facts.add(new String[] {"deep searches", count(run.searchesTotal)});
    if (s != null) {
      facts.add(new String[] {"requests", count(s.path("requests").asLong())});
      facts.add(new String[] {"429s", count(s.path("http_429").path("rate_limited").asLong())
          + " rate, " + count(s.path("http_429").path("slots_busy").asLong()) + " slots busy"});
      facts.add(new String[] {"retries", count(s.path("retries").asLong())});
      facts.add(new String[] {"wall time", Html.duration(s.path("wall_time_ms").asLong())});
      facts.add(new String[] {"slot efficiency", s.path("slot_efficiency").asText()});
    } else {
      facts.add(new String[] {"requests", count(run.requests.requests)});
      facts.add(new String[] {"span", Html.duration(span)});
    }
    facts.add(new String[] {"credits spent", credits(s)});
    facts.add(new String[] {"started", java.time.format.DateTimeFormatter
        .ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(java.time.ZoneOffset.UTC).format(origin)});
    h.append("<section><dl class=\"facts\">");
    for (String[] f : facts) {
      h.append("<div><dt>").append(esc(f[0])).append("</dt><dd>").append(esc(f[1]))
          .append("</dd></div>");
    }
    h.append("</dl></section>\n");
  }

  /**
   * The credits spent, from summary.json's {@code credits} when the run knew them (the balance's
   * fall, else the charges the jobs reported), with the limit when one was set; else "not known".
   */
  static String credits(@Nullable JsonNode summary) {
    JsonNode c = summary == null ? null : summary.get("credits");
    if (c == null || !c.isObject()) {
      return "not known";
    }
    String spent = c.hasNonNull("spent") ? c.get("spent").asText()
        : c.hasNonNull("charged_by_jobs") ? c.get("charged_by_jobs").asText() + " (charged by jobs)"
        : null;
    if (spent == null) {
      return "not known";
    }
    return c.hasNonNull("max") ? spent + " of at most " + c.get("max").asText() : spent;
  }

  private void outcomes(StringBuilder h) {
    Set<String> kinds = new LinkedHashSet<>(List.of("deep", "filter", "requery", "export",
        "people", "company", "invalid"));
    run.counts.values().forEach(m -> kinds.addAll(m.keySet()));
    kinds.removeIf(k -> run.counts.values().stream().noneMatch(m -> m.containsKey(k)));
    Set<String> statuses = new LinkedHashSet<>(RunFolder.STATUSES);
    statuses.addAll(run.counts.keySet());
    h.append("<section><h2>Outcomes</h2><div class=\"scroll\"><table class=\"counts\" id=\"counts\">")
        .append("<thead><tr><th>status</th>");
    kinds.forEach(k -> h.append("<th class=\"n\">").append(esc(k)).append("</th>"));
    h.append("<th class=\"n\">all</th></tr></thead><tbody>");
    for (String status : statuses) {
      Map<String, Long> m = run.counts.getOrDefault(status, Map.of());
      long all = m.values().stream().mapToLong(Long::longValue).sum();
      h.append("<tr class=\"s-").append(esc(status)).append(all == 0 ? " zero" : "")
          .append("\" data-status=\"").append(esc(status)).append("\"><th>").append(esc(status))
          .append("</th>");
      kinds.forEach(k -> h.append("<td class=\"n\" data-kind=\"").append(esc(k)).append("\">")
          .append(count(m.getOrDefault(k, 0L))).append("</td>"));
      h.append("<td class=\"n total\">").append(count(all)).append("</td></tr>");
    }
    h.append("</tbody></table></div></section>\n");
  }

  private void settings(StringBuilder h) {
    h.append("<section><h2>Settings</h2><table class=\"settings\"><tbody>");
    run.settings().forEach((k, v) -> h.append("<tr><th>").append(esc(k.replace('_', ' ')))
        .append("</th><td>").append(esc(v)).append("</td></tr>"));
    h.append("</tbody></table></section>\n");
  }

  private void jobs(Writer out) throws IOException {
    StringBuilder h = new StringBuilder(1 << 16);
    h.append("<section><h2>Jobs</h2><div class=\"controls\"><label>Find <input id=\"q\""
        + " type=\"search\" placeholder=\"id, kind or error\"></label> <label>Status <select"
        + " id=\"st\"><option value=\"\">all</option>");
    for (String s : RunFolder.STATUSES) {
      h.append("<option>").append(s).append("</option>");
    }
    h.append("</select></label> <span class=\"note\"><span id=\"shown\">")
        .append(count(run.table.size())).append("</span> of ").append(count(run.jobs))
        .append(" jobs shown")
        .append(run.table.size() < run.jobs ? " (the table keeps " + count(RunFolder.MAX_JOBS)
            + ", those that did not complete first)" : "")
        .append("; click a heading to sort</span></div>\n<div class=\"scroll\"><table id=\"jobs\">"
            + "<thead><tr><th data-sort=\"t\">id</th><th data-sort=\"t\">kind</th>"
            + "<th data-sort=\"s\">status</th><th data-sort=\"n\">rows</th>"
            + "<th data-sort=\"n\">duration</th><th data-sort=\"t\">error</th></tr>"
            + "</thead><tbody>\n");
    for (JobLine j : run.table) {
      h.append("<tr data-status=\"").append(esc(j.status())).append("\"><td>").append(esc(j.id()))
          .append("</td><td>").append(esc(j.kind())).append("</td><td>").append(esc(j.status()))
          .append("</td><td>").append(j.rows()).append("</td><td data-v=\"").append(j.elapsedMs())
          .append("\">").append(Html.duration(j.elapsedMs())).append("</td><td>")
          .append(esc(j.error())).append("</td></tr>\n");
      if (h.length() > 1 << 16) {
        out.write(h.toString());
        h.setLength(0);
      }
    }
    h.append("</tbody></table></div></section>\n");
    out.write(h.toString());
  }

  private static String resource(String name) {
    try (InputStream in = ReportPage.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.s64.runner.report;

import static io.s64.runner.report.Html.esc;
import static io.s64.runner.report.Html.num;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The report's three charts as inline SVG: the slot timeline, requests per rate window and rows
 * over time. Each is drawn on a 1000-unit wide view box (scaled to the page; the page scrolls it
 * sideways on a narrow screen rather than shrinking it unreadably), with time running from the
 * run's start ({@code origin}) over {@code spanMs}.
 */
final class Charts {
  static final double WIDTH = 1000;
  static final double LEFT = 92;
  static final double RIGHT = 8;
  /** The least width of a search's bar, on average, before the timeline grows wider than the page. */
  private static final double MIN_BAR = 4;

  private static final double LANE = 20;
  private static final double BAR = 14;
  private static final double AXIS = 22;

  private final Instant origin;
  private final long spanMs;
  private final double plot;
  private final double width;

  Charts(Instant origin, long spanMs) {
    this(origin, spanMs, WIDTH);
  }

  private Charts(Instant origin, long spanMs, double width) {
    this.origin = origin;
    this.spanMs = Math.max(1, spanMs);
    this.width = width;
    this.plot = width - LEFT - RIGHT;
  }

  long ms(Instant t) {
    return Duration.between(origin, t).toMillis();
  }

  private double x(long ms) {
    return LEFT + plot * Math.max(0, Math.min(ms, spanMs)) / spanMs;
  }

  /**
   * One bar per deep search on its slot lane, from start to terminal status; the part after the
   * last poll that still saw it running is drawn hatched: the search ended somewhere in there,
   * and that is how late the client could have seen it at worst. A search with no terminal status
   * (timed out, cancelled) runs to its outcome, outlined.
   */
  void timeline(StringBuilder h, List<JobLine> jobs, int slots) {
    double wide = LEFT + RIGHT + MIN_BAR * jobs.size() / Math.max(1, slots);
    if (wide > width) {
      // Too many searches for the page's width: a wider chart, scrolled sideways.
      new Charts(origin, spanMs, Math.min(wide, 60_000)).timeline(h, jobs, slots);
      return;
    }
    List<JobLine> deep = jobs.stream().filter(JobLine::heldSlot).toList();
    long[] starts = new long[deep.size()];
    long[] ends = new long[deep.size()];
    for (int i = 0; i < deep.size(); i++) {
      JobLine j = deep.get(i);
      starts[i] = ms(j.startedAt());
      Instant end = j.terminalAt() != null ? j.terminalAt() : j.finishedAt();
      ends[i] = end == null ? starts[i] : ms(end);
    }
    List<SlotLanes.Placed> placed = SlotLanes.place(starts, ends);
    int lanes = Math.max(slots, SlotLanes.lanes(placed));
    long[] busy = new long[lanes];
    placed.forEach(p -> busy[p.lane()] += p.end() - p.start());
    double height = lanes * LANE + AXIS + 4;
    open(h, "timeline", height, "Slot timeline: " + deep.size() + " deep searches on " + lanes
        + " lanes");
    h.append("<defs><pattern id=\"hatch\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\""
        + " patternTransform=\"rotate(45)\"><rect width=\"4\" height=\"4\" class=\"hatch-bg\"/>"
        + "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"4\" class=\"hatch-line\"/></pattern></defs>\n");
    grid(h, lanes * LANE + 4);
    for (int lane = 0; lane < lanes; lane++) {
      double y = 4 + lane * LANE;
      h.append("<rect class=\"lane").append(lane >= slots ? " over" : "").append("\" x=\"")
          .append(num(LEFT)).append("\" y=\"").append(num(y)).append("\" width=\"")
          .append(num(plot)).append("\" height=\"").append(num(BAR)).append("\"/>")
          .append("<text class=\"label\" x=\"").append(num(LEFT - 6)).append("\" y=\"")
          .append(num(y + BAR - 3)).append("\">").append(lane >= slots ? "over " : "slot ")
          .append(lane + 1).append(" · ").append(Math.round(100.0 * busy[lane] / spanMs))
          .append("%</text>\n");
    }
    List<SlotLanes.Placed> byLane = new java.util.ArrayList<>(placed);
    byLane.sort(java.util.Comparator.comparingInt(SlotLanes.Placed::lane));
    int lane = -1;
    for (SlotLanes.Placed p : byLane) {
      if (p.lane() != lane) {
        h.append(lane < 0 ? "" : "</g>\n").append("<g transform=\"translate(0 ")
            .append(num(4 + p.lane() * LANE)).append(")\">");
        lane = p.lane();
      }
      JobLine j = deep.get(p.index());
      double x0 = x(p.start());
      double w = Math.max(0.8, x(p.end()) - x0);
      boolean open = j.terminalAt() == null;
      long delay = 0;
      String title = j.id() + " · " + j.status() + " · " + Html.duration(p.end() - p.start());
      if (!open) {
        long from = j.polledBefore() != null ? ms(j.polledBefore()) : p.start();
        delay = Math.max(0, p.end() - Math.max(p.start(), from));
        title += " · ended in its last " + Html.duration(delay);
      }
      h.append("<rect class=\"bar").append(j.status().equals("completed") ? "" : " s-" + esc(j.status()))
          .append(open ? " open" : "").append("\" x=\"").append(num(x0)).append("\" width=\"")
          .append(num(w)).append("\" height=\"").append(num(BAR)).append("\"><title>")
          .append(esc(title)).append("</title></rect>");
      if (delay > 0) {
        double dx = x(p.end() - delay);
        h.append("<rect class=\"delay\" x=\"").append(num(dx)).append("\" width=\"")
            .append(num(Math.max(0.5, x(p.end()) - dx))).append("\" height=\"").append(num(BAR))
            .append("\"/>");
      }
    }
    h.append(lane < 0 ? "" : "</g>\n");
    axis(h, lanes * LANE + 4);
    h.append("</svg></div>\n");
  }

  /**
   * Requests per rate window, stacked by lane, against the limit (dashed); a window with 429s has
   * a red mark over its bar, with the count.
   */
  void requests(StringBuilder h, RequestWindows r) {
    long first = 0;
    long last = r.windows.isEmpty() ? 0 : Math.max(r.windows.lastKey(), Math.floorDiv(spanMs - 1, r.windowMs));
    int n = (int) Math.min(100_000, last - first + 1);
    long top = r.limit;
    for (RequestWindows.Window w : r.windows.values()) {
      top = Math.max(top, w.total());
    }
    top = Math.max(1, Math.round(top * 1.15));
    double plotH = 150;
    double height = plotH + AXIS + 14;
    open(h, "requests", height, "Requests per rate window of " + Html.duration(r.windowMs)
        + " against the limit of " + r.limit);
    double bw = plot / n;
    for (int tick = 0; tick <= 4; tick++) {
      long v = top * tick / 4;
      double y = 14 + plotH - plotH * v / top;
      h.append("<line class=\"grid\" x1=\"").append(num(LEFT)).append("\" x2=\"")
          .append(num(width - RIGHT)).append("\" y1=\"").append(num(y)).append("\" y2=\"")
          .append(num(y)).append("\"/><text class=\"label\" x=\"").append(num(LEFT - 6))
          .append("\" y=\"").append(num(y + 4)).append("\">").append(Html.count(v)).append("</text>\n");
    }
    for (Map.Entry<Long, RequestWindows.Window> e : r.windows.entrySet()) {
      RequestWindows.Window w = e.getValue();
      double x0 = LEFT + bw * (e.getKey() - first);
      double y = 14 + plotH;
      StringBuilder title = new StringBuilder("window at +").append(Html.clock(e.getKey() * r.windowMs))
          .append(": ").append(w.total()).append(" requests");
      for (int lane = 0; lane < RequestWindows.LANES.size(); lane++) {
        long v = w.byLane[lane];
        title.append(", ").append(v).append(' ').append(RequestWindows.LANES.get(lane));
        if (v == 0) {
          continue;
        }
        double bh = plotH * v / top;
        y -= bh;
        h.append("<rect class=\"req l-").append(RequestWindows.LANES.get(lane)).append("\" x=\"")
            .append(num(x0 + bw * 0.1)).append("\" y=\"").append(num(y)).append("\" width=\"")
            .append(num(Math.max(0.5, bw * 0.8))).append("\" height=\"").append(num(bh))
            .append("\"/>");
      }
      long n429 = w.rate429 + w.slots429;
      if (n429 > 0) {
        title.append("; 429s: ").append(w.rate429).append(" rate window spent, ").append(w.slots429)
            .append(" slots busy");
        double cx = x0 + bw / 2;
        h.append("<g class=\"r429\" data-count=\"").append(n429).append("\"><path d=\"M")
            .append(num(cx - 5)).append(' ').append(num(y - 10)).append("h10l-5 8z\"/><text x=\"")
            .append(num(cx)).append("\" y=\"").append(num(y - 12)).append("\">").append(n429)
            .append("</text></g>");
      }
      if (w.unanswered > 0) {
        title.append("; ").append(w.unanswered).append(" without an answer");
      }
      h.append("<rect class=\"hit\" x=\"").append(num(x0)).append("\" y=\"14\" width=\"")
          .append(num(bw)).append("\" height=\"").append(num(plotH)).append("\"><title>")
          .append(esc(title.toString())).append("</title></rect>\n");
    }
    if (r.limit > 0) {
      double y = 14 + plotH - plotH * r.limit / top;
      h.append("<line class=\"limit\" x1=\"").append(num(LEFT)).append("\" x2=\"")
          .append(num(width - RIGHT)).append("\" y1=\"").append(num(y)).append("\" y2=\"")
          .append(num(y)).append("\"/><text class=\"limit-label\" x=\"").append(num(width - RIGHT))
          .append("\" y=\"").append(num(y - 4)).append("\">limit ").append(r.limit).append("</text>\n");
    }
    long windowsSpan = (long) n * r.windowMs;
    new Charts(origin, windowsSpan).axis(h, plotH + 14);
    h.append("</svg></div>\n");
  }

  /** Rows delivered over time: each job's rows counted in the second it ended. */
  void rows(StringBuilder h, java.util.SortedMap<Long, Long> rowsBySecond) {
    long[][] points = rowsBySecond.entrySet().stream()
        .map(e -> new long[] {ms(Instant.ofEpochSecond(e.getKey() + 1)), e.getValue()})
        .toArray(long[][]::new);
    long total = 0;
    for (long[] p : points) {
      total += p[1];
    }
    long top = Math.max(1, total);
    double plotH = 110;
    open(h, "rows", plotH + AXIS + 10, "Rows delivered over time: " + total);
    StringBuilder path = new StringBuilder("M").append(num(LEFT)).append(' ').append(num(10 + plotH));
    long sum = 0;
    double lastX = LEFT;
    for (int i = 0; i < points.length; i++) {
      sum += points[i][1];
      double px = x(points[i][0]);
      if (i + 1 < points.length && px - lastX < 0.5) {
        continue; // too close to the last step drawn to show apart
      }
      double py = 10 + plotH - plotH * sum / top;
      path.append("H").append(num(px)).append("V").append(num(py));
      lastX = px;
    }
    path.append("H").append(num(Math.max(lastX, width - RIGHT)));
    for (int tick = 0; tick <= 2; tick++) {
      long v = top * tick / 2;
      double y = 10 + plotH - plotH * v / top;
      h.append("<line class=\"grid\" x1=\"").append(num(LEFT)).append("\" x2=\"")
          .append(num(width - RIGHT)).append("\" y1=\"").append(num(y)).append("\" y2=\"")
          .append(num(y)).append("\"/><text class=\"label\" x=\"").append(num(LEFT - 6))
          .append("\" y=\"").append(num(y + 4)).append("\">").append(Html.count(v)).append("</text>\n");
    }
    h.append("<path class=\"rows-line\" d=\"").append(path).append("\"/>\n");
    axis(h, plotH + 10);
    h.append("</svg></div>\n");
  }

  private void open(StringBuilder h, String id, double height, String label) {
    h.append("<div class=\"chart\"><svg id=\"").append(id).append("\" viewBox=\"0 0 ")
        .append(num(width)).append(' ').append(num(height)).append('"')
        .append(width > WIDTH ? " style=\"min-width:" + num(width) + "px\"" : "")
        .append(" role=\"img\" aria-label=\"").append(esc(label)).append("\">\n");
  }

  private void grid(StringBuilder h, double bottom) {
    long step = Html.tickStep(spanMs, (int) (plot / 90));
    for (long t = step; t < spanMs; t += step) {
      h.append("<line class=\"grid\" x1=\"").append(num(x(t))).append("\" x2=\"").append(num(x(t)))
          .append("\" y1=\"0\" y2=\"").append(num(bottom)).append("\"/>");
    }
    h.append('\n');
  }

  private void axis(StringBuilder h, double y) {
    h.append("<line class=\"axis\" x1=\"").append(num(LEFT)).append("\" x2=\"")
        .append(num(width - RIGHT)).append("\" y1=\"").append(num(y)).append("\" y2=\"")
        .append(num(y)).append("\"/>");
    long step = Html.tickStep(spanMs, (int) (plot / 90));
    for (long t = 0; t <= spanMs; t += step) {
      double tx = x(t);
      String anchor = t == 0 ? "start" : tx > width - RIGHT - 20 ? "end" : "middle";
      h.append("<text class=\"tick\" text-anchor=\"").append(anchor).append("\" x=\"")
          .append(num(tx)).append("\" y=\"").append(num(y + 15)).append("\">")
          .append(Html.clock(t)).append("</text>");
    }
    h.append('\n');
  }

  static @Nullable Instant min(@Nullable Instant a, @Nullable Instant b) {
    return a == null ? b : b == null || a.isBefore(b) ? a : b;
  }

  static @Nullable Instant max(@Nullable Instant a, @Nullable Instant b) {
    return a == null ? b : b == null || a.isAfter(b) ? a : b;
  }
}

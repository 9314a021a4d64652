package io.s64.runner.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * One line of {@code outcomes.jsonl}, with what the report shows of it.
 *
 * @param id the job's id
 * @param kind {@code deep}, {@code filter}, ...
 * @param status {@code completed}, {@code failed}, ...
 * @param rows rows delivered
 * @param error the error as one line of text, or empty
 * @param elapsedMs the job's time from admission to outcome
 * @param startedAt when its search or task was acknowledged
 * @param polledBefore the last poll before the one that saw the terminal status
 * @param terminalAt when its terminal status was seen
 * @param finishedAt when it ended
 */
record JobLine(
    String id,
    String kind,
    String status,
    long rows,
    String error,
    long elapsedMs,
    @Nullable Instant startedAt,
    @Nullable Instant polledBefore,
    @Nullable Instant terminalAt,
    @Nullable Instant finishedAt) {

  /** Whether it is a deep search that a slot held: it started. */
  boolean heldSlot() {
    return kind.equals("deep") && startedAt != null;
  }

  /** The line's fields; missing or malformed ones read as empty. */
  static JobLine of(JsonNode o) {
    JsonNode t = o.path("timings");
    return new JobLine(o.path("job_id").asText(""), o.path("kind").asText(""),
        o.path("status").asText(""), o.path("rows").asLong(0), error(o),
        t.path("elapsed_ms").asLong(0), time(t, "started_at"), time(t, "polled_before_terminal_at"),
        time(t, "terminal_at"), time(t, "finished_at"));
  }

  private static String error(JsonNode o) {
    JsonNode e = o.path("error");
    String text;
    if (e.isObject()) {
      JsonNode status = e.path("status");
      text = (status.isNumber() ? "HTTP " + status.asInt() + ": " : "") + e.path("detail").asText("");
    } else if (e.isTextual()) {
      text = e.asText();
    } else {
      text = o.path("message").asText("");
    }
    if (o.hasNonNull("duplicate_of") && !o.path("status").asText().equals("duplicate")) {
      text = (text.isEmpty() ? "" : text + " ") + "(as its original " + o.get("duplicate_of").asText() + ")";
    }
    return text;
  }

  private static @Nullable Instant time(JsonNode timings, String name) {
    JsonNode v = timings.path(name);
    if (!v.isTextual()) {
      return null;
    }
    try {
      return Instant.parse(v.asText());
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}

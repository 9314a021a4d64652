package io.s64.runner.pipeline;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.s64.job.Outcome;
import io.s64.runner.output.JsonLines;
import io.s64.runner.progress.ProgressText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * The end of a run, as {@code summary.json} and as the final line on stderr. Job counts and rows
 * cover the whole output folder (earlier interrupted runs included); requests, 429s, retries, wall
 * time and slot efficiency are this process's.
 *
 * @param input the input
 * @param out the output folder
 * @param resumed whether this run continued an earlier one
 * @param interrupted whether it was interrupted
 * @param exitCode the process's exit code
 * @param byStatus outcomes by status
 * @param rows rows written
 * @param requests API requests sent (the request budget's grants)
 * @param rateLimited 429s that meant the rate window was spent
 * @param slotsBusy 429s that meant all deep-search slots were busy
 * @param retries requests retried (transient failures and rate-limit waits)
 * @param wall the run's wall time
 * @param slotEfficiency Σ (terminal − started) of deep searches ÷ (slots × wall time)
 * @param startedAt when the run started
 * @param finishedAt when it ended
 * @param credits the balance at start and end, the credits spent, the charges reported per job
 *     and the limit ({@code --max-credits}), each null when unknown or unset
 */
record RunSummary(
    String input,
    Path out,
    boolean resumed,
    boolean interrupted,
    int exitCode,
    Map<Outcome.Status, Long> byStatus,
    long rows,
    long requests,
    long rateLimited,
    long slotsBusy,
    long retries,
    Duration wall,
    double slotEfficiency,
    Instant startedAt,
    Instant finishedAt,
    Map<String, @Nullable Object> credits) {

  long jobs() {
    return byStatus.values().stream().mapToLong(Long::longValue).sum();
  }

  /** {@code summary.json}'s content. */
  byte[] json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("input", input);
    m.put("out", out.toString());
    m.put("resumed", resumed);
    m.put("interrupted", interrupted);
    m.put("exit_code", exitCode);
    m.put("jobs", jobs());
    Map<String, Long> statuses = new LinkedHashMap<>();
    byStatus.forEach((s, n) -> statuses.put(s.wire(), n));
    m.put("by_status", statuses);
    m.put("rows", rows);
    m.put("requests", requests);
    Map<String, Long> http429 = new LinkedHashMap<>();
    http429.put("rate_limited", rateLimited);
    http429.put("slots_busy", slotsBusy);
    m.put("http_429", http429);
    m.put("retries", retries);
    m.put("wall_time_ms", wall.toMillis());
    m.put("slot_efficiency", Math.round(slotEfficiency * 1000) / 1000.0);
    m.put("started_at", startedAt.toString());
    m.put("finished_at", finishedAt.toString());
    m.put("credits", credits);
    try {
      return (JsonLines.MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(m) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The final line, such as {@code s64: 20 jobs (18 completed, 2 duplicate) | 2140 rows | ...}. */
  String line() {
    StringJoiner counts = new StringJoiner(", ");
    byStatus.forEach((s, n) -> {
      if (n > 0) {
        counts.add(n + " " + s.wire().replace('_', ' '));
      }
    });
    long jobs = jobs();
    return String.format(Locale.ROOT,
        "s64: %s%d job%s%s | %d rows | %d requests, %d 429s, %d retries | %s | slot efficiency %.2f"
            + " | output in %s",
        interrupted ? "interrupted, " : "", jobs, jobs == 1 ? "" : "s",
        jobs == 0 ? "" : " (" + counts + ")", rows, requests, rateLimited + slotsBusy, retries,
        ProgressText.clock(wall), slotEfficiency, out);
  }
}

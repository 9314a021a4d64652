package io.s64.runner.output;

import com.fasterxml.jackson.databind.JsonNode;
import io.s64.job.BatchEvent;
import io.s64.job.Job;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The lines of {@code journal.jsonl}, one per state change of a job, each with a {@code type}:
 *
 * <pre>{@code
 * {"type":"header","version":1,"at":"...","input":"/data/leads.jsonl","resume":false,"options":{...}}
 * {"type":"admitted","job":"a","kind":"deep","search_id":"4f1c..."}
 * {"type":"started","job":"a","task_id":"t-9","search_id":"4f1c..."}
 * {"type":"started","job":"w","task_id":"6400...","search_id":null,"run":3,"attempt":0}
 * {"type":"terminal","job":"a","task_id":"t-9","status":"completed","search_id":"4f1c...",
 *  "resource_handle_id":"rh-1"}
 * {"type":"committed","job":"a","search_id":"4f1c...","cursor":"c-2","offset":0,"rows":100,
 *  "last":false}
 * }</pre>
 *
 * <p>A workflow run's {@code started} line also says which run of its job it is ({@code run}, from
 * 0) and the attempt (1 for a stalled run's replacement): a resumed job re-attaches to it by its
 * id. Lines written before these fields existed read back as starts without a run, whose runs a
 * resumed job starts again under their keys.
 *
 * <p>Outcomes do not go here but to {@code outcomes.jsonl}, which is what says a job is finished.
 */
public final class JournalJson {
  /** The version of the line format, in the header. */
  public static final int VERSION = 1;

  private JournalJson() {}

  /** The header line: what this run reads and the options that shape its jobs. */
  public static byte[] header(String at, String input, boolean resume, Map<String, ?> options) {
    return JsonLines.line(g -> {
      g.writeStringField("type", "header");
      g.writeNumberField("version", VERSION);
      g.writeStringField("at", at);
      g.writeStringField("input", input);
      g.writeBooleanField("resume", resume);
      g.writeObjectField("options", options);
    });
  }

  /** The line of an event, or null for events the journal does not keep. */
  public static byte @Nullable [] line(BatchEvent event) {
    if (event instanceof BatchEvent.Admitted) {
      BatchEvent.Admitted e = (BatchEvent.Admitted) event;
      return JsonLines.line(g -> {
        g.writeStringField("type", "admitted");
        g.writeStringField("job", e.jobId());
        g.writeStringField("kind", e.kind().name().toLowerCase(Locale.ROOT));
        g.writeStringField("search_id", e.searchId());
      });
    }
    if (event instanceof BatchEvent.Started) {
      BatchEvent.Started e = (BatchEvent.Started) event;
      return JsonLines.line(g -> {
        g.writeStringField("type", "started");
        g.writeStringField("job", e.jobId());
        g.writeStringField("task_id", e.taskId());
        g.writeStringField("search_id", e.searchId());
        if (e.run() != null) {
          g.writeNumberField("run", e.run().index());
          g.writeNumberField("attempt", e.run().attempt());
        }
      });
    }
    if (event instanceof BatchEvent.Terminal) {
      BatchEvent.Terminal e = (BatchEvent.Terminal) event;
      return JsonLines.line(g -> {
        g.writeStringField("type", "terminal");
        g.writeStringField("job", e.jobId());
        g.writeStringField("task_id", e.taskId());
        g.writeStringField("status", e.status());
        g.writeStringField("search_id", e.searchId());
        g.writeStringField("resource_handle_id", e.resourceHandleId());
      });
    }
    if (event instanceof BatchEvent.Committed) {
      BatchEvent.Committed e = (BatchEvent.Committed) event;
      return JsonLines.line(g -> {
        g.writeStringField("type", "committed");
        g.writeStringField("job", e.jobId());
        g.writeStringField("search_id", e.searchId());
        g.writeStringField("cursor", e.cursor());
        g.writeNumberField("offset", e.byteOffset());
        g.writeNumberField("rows", e.rowsSoFar());
        g.writeBooleanField("last", e.last());
      });
    }
    return null;
  }

  /**
   * The event of a journal line, read back: the inverse of {@link #line}, so that a resumed run
   * replays the same events the batch recorded. Null for the header and for lines of other types
   * or without a job.
   */
  public static @Nullable BatchEvent event(JsonNode line) {
    String job = text(line, "job");
    if (job == null || job.isEmpty()) {
      return null;
    }
    switch (line.path("type").asText("")) {
      case "admitted":
        Job.Kind kind = kind(text(line, "kind"));
        return kind == null ? null : new BatchEvent.Admitted(job, kind, text(line, "search_id"));
      case "started": {
        String taskId = text(line, "task_id");
        return taskId == null ? null
            : new BatchEvent.Started(job, taskId, text(line, "search_id"), slot(line));
      }
      case "terminal": {
        String taskId = text(line, "task_id");
        String status = text(line, "status");
        return taskId == null || status == null ? null : new BatchEvent.Terminal(job, taskId, status,
            text(line, "search_id"), text(line, "resource_handle_id"), null);
      }
      case "committed":
        return new BatchEvent.Committed(job, text(line, "search_id"), text(line, "cursor"),
            line.path("offset").asLong(0), line.path("rows").asLong(0), 0,
            line.path("last").asBoolean(false));
      default:
        return null;
    }
  }

  /** The run of a workflow run's start line, or null (other starts, and lines from before). */
  private static BatchEvent.@Nullable RunSlot slot(JsonNode line) {
    JsonNode run = line.get("run");
    if (run == null || !run.canConvertToInt() || run.asInt() < 0 || !run.isIntegralNumber()) {
      return null;
    }
    int attempt = line.path("attempt").asInt(0);
    return new BatchEvent.RunSlot(run.asInt(), Math.max(0, attempt));
  }

  private static Job.@Nullable Kind kind(@Nullable String wire) {
    for (Job.Kind k : Job.Kind.values()) {
      if (k.name().toLowerCase(Locale.ROOT).equals(wire)) {
        return k;
      }
    }
    return null;
  }

  private static @Nullable String text(JsonNode e, String field) {
    JsonNode v = e.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}

package io.s64.runner.queue;

import com.fasterxml.jackson.core.JsonGenerator;
import io.s64.job.Outcome;
import io.s64.model.Row;
import io.s64.redis.queue.QueueWorker;
import io.s64.runner.output.JsonLines;
import io.s64.runner.output.OutcomeJson;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The lines a worker stores in the queue, exactly as {@code s64 collect} will write them: a row as
 * a line of {@code results.jsonl} (its job id as {@code _job_id}, then the row's own fields, as
 * {@code s64 run} writes it), an outcome as a line of {@code outcomes.jsonl}.
 */
public final class QueueLines implements QueueWorker.Lines {
  @Override
  public String row(String jobId, Row row) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = JsonLines.MAPPER.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("_job_id", jobId);
      for (Map.Entry<String, ?> e : row.fields().entrySet()) {
        if (!e.getKey().equals("_job_id")) {
          g.writeFieldName(e.getKey());
          g.writeObject(e.getValue());
        }
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  @Override
  public String outcome(Outcome outcome) {
    return line(OutcomeJson.line(outcome));
  }

  /** A line of bytes without its line break. */
  static String line(byte[] bytes) {
    int n = bytes.length > 0 && bytes[bytes.length - 1] == '\n' ? bytes.length - 1 : bytes.length;
    return new String(bytes, 0, n, StandardCharsets.UTF_8);
  }
}

package io.s64.sink;

import io.s64.job.Job;

import com.fasterxml.jackson.core.JsonGenerator;
import io.s64.internal.Json;
import io.s64.model.Row;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Appends rows as JSON lines with their job id; one writer, writes serialized, flushed each time. */
final class JsonLinesRowSink implements RowSink {
  private final Path file;
  private @Nullable OutputStream out; // guarded by this

  JsonLinesRowSink(Path file) {
    this.file = file;
  }

  @Override
  public Mono<Void> write(Job job, List<Row> rows) {
    return Mono.<Void>fromRunnable(() -> append(job.id(), rows))
        .subscribeOn(Schedulers.boundedElastic());
  }

  private synchronized void append(String jobId, List<Row> rows) {
    try {
      if (out == null) {
        // A FileOutputStream, not Files.newOutputStream: its channel is interruptible, and a
        // cancelled batch interrupts its writer thread, which would close the file mid-line.
        out = new BufferedOutputStream(new FileOutputStream(file.toFile(), true), 1 << 16);
      }
      for (Row row : rows) {
        writeLine(out, jobId, row);
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code {"_job_id": ..., ...row fields}} and a newline. */
  static void writeLine(OutputStream out, String jobId, Row row) throws IOException {
    try (JsonGenerator g = Json.mapper().createGenerator(out)) {
      g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      g.writeStartObject();
      g.writeStringField("_job_id", jobId);
      for (Map.Entry<String, @Nullable Object> e : row.fields().entrySet()) {
        if (!e.getKey().equals("_job_id")) {
          g.writeFieldName(e.getKey());
          g.writeObject(e.getValue());
        }
      }
      g.writeEndObject();
    }
    out.write('\n');
  }

  @Override
  public Mono<Void> close() {
    return Mono.<Void>fromRunnable(this::closeNow).subscribeOn(Schedulers.boundedElastic());
  }

  private synchronized void closeNow() {
    try {
      if (out != null) {
        out.close();
        out = null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

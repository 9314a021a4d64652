package io.s64.runner.pipeline;

import io.s64.Sixtyfour;
import io.s64.batch.Batch;
import io.s64.emulator.Emulator;
import io.s64.runner.metrics.MetricsEndpoint;
import io.s64.runner.output.DrainingRowSink;
import io.s64.runner.output.FileJournal;
import io.s64.runner.output.RequestLog;
import io.s64.runner.resume.ResumeState;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * What a prepared run holds open: the output files, the client, the batch and, with {@code
 * --emulator}, the embedded emulator, and with {@code --metrics-port} the meters' endpoint; what
 * the run spent is gathered in {@link #credits}. {@link #close()} releases the client, the
 * endpoint and the emulator; the
 * files are closed by the runner first, after the batch has stopped.
 */
final class Session {
  final OutDir out;
  final String input;
  final boolean resumed;
  final ResumeState resume;
  final @Nullable Emulator emulator;
  final Sixtyfour client;
  final Batch batch;
  final FileJournal journal;
  final DrainingRowSink sink;
  final RequestLog requests;
  final ApiKeys.Key key;
  final Instant startedAt;
  final long startNanos;
  final List<String> notes;
  final @Nullable MetricsEndpoint metrics;
  final Credits credits;

  Session(OutDir out, String input, boolean resumed, ResumeState resume, @Nullable Emulator emulator,
      Sixtyfour client, Batch batch, FileJournal journal, DrainingRowSink sink, RequestLog requests,
      ApiKeys.Key key, Instant startedAt, long startNanos, List<String> notes,
      @Nullable MetricsEndpoint metrics, Credits credits) {
    this.metrics = metrics;
    this.credits = credits;
    this.out = out;
    this.input = input;
    this.resumed = resumed;
    this.resume = resume;
    this.emulator = emulator;
    this.client = client;
    this.batch = batch;
    this.journal = journal;
    this.sink = sink;
    this.requests = requests;
    this.key = key;
    this.startedAt = startedAt;
    this.startNanos = startNanos;
    this.notes = List.copyOf(notes);
  }

  /** Closes the client's connections, then stops the meters' endpoint and the emulator. */
  Mono<Void> close() {
    Emulator e = emulator;
    MetricsEndpoint m = metrics;
    return client.close().onErrorResume(x -> Mono.empty())
        .then(m == null ? Mono.empty()
            : Mono.<Void>fromRunnable(m::close).subscribeOn(Schedulers.boundedElastic()))
        .then(e == null ? Mono.empty()
            : Mono.<Void>fromRunnable(e::close).subscribeOn(Schedulers.boundedElastic()));
  }
}

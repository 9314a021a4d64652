package io.s64.example.webflux;

import io.micrometer.core.instrument.MeterRegistry;
import io.s64.Sixtyfour;
import io.s64.batch.Batch;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.poll.PollSchedule;
import io.s64.runner.input.InputDefaults;
import io.s64.runner.input.InputFormat;
import io.s64.runner.input.InputReader;
import io.s64.sink.RowSink;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The batches of the service. A batch starts when it is submitted, whether or not anyone listens:
 * its outcomes are kept as they come (a replay), so a client that connects late, or again after a
 * dropped connection, gets every outcome from the first. The newest {@code keepBatches} batches
 * are kept; a running batch is never dropped.
 */
@Service
public class Batches {
  private final Sixtyfour client;
  private final @Nullable MeterRegistry meters;
  private final PollSchedule poll;
  private final Path rowsDir;
  private final int keep;
  private final Map<String, Running> batches = new LinkedHashMap<>(); // guarded by this

  /** One submitted batch: its outcomes so far and to come, and the subscription that runs it. */
  private record Running(Flux<Outcome> outcomes, Disposable run) {}

  public Batches(Sixtyfour client, S64Properties properties, ObjectProvider<MeterRegistry> meters)
      throws IOException {
    this.client = client;
    this.meters = meters.getIfAvailable();
    PollSchedule schedule = PollSchedule.defaults();
    this.poll = properties.pollInterval() == null ? schedule
        : schedule.withCadence(properties.pollInterval());
    this.rowsDir = properties.rowsDir() != null ? properties.rowsDir()
        : Files.createTempDirectory("s64-rows");
    this.keep = properties.keepBatches() == null ? 100 : properties.keepBatches();
  }

  /**
   * Starts a batch of the jobs in {@code jsonLines}, one job per line in the shapes {@code s64 run}
   * takes; a bad line becomes an {@code invalid} outcome and the others run.
   *
   * @return the batch's id
   */
  public Mono<String> submit(byte[] jsonLines) {
    return Mono.fromCallable(() -> {
      String id = UUID.randomUUID().toString();
      Files.createDirectories(rowsDir);
      Flux<Job> jobs = InputReader.read(() -> new ByteArrayInputStream(jsonLines),
          InputFormat.JSONL, "the request body", InputDefaults.api());
      Batch.Builder builder = Batch.builder(client).poll(poll).exportPoll(poll).enrichmentPoll(poll);
      if (meters != null) {
        builder.meterRegistry(meters); // jobs, rows and durations of every batch, in one set of meters
      }
      Batch batch = builder.build();
      Flux<Outcome> outcomes = Flux.usingWhen(
              Mono.fromCallable(() -> RowSink.jsonLines(rowsDir.resolve(id + ".jsonl"))),
              sink -> batch.run(jobs, sink), RowSink::close)
          .replay();
      Disposable run = ((reactor.core.publisher.ConnectableFlux<Outcome>) outcomes).connect();
      remember(id, new Running(outcomes, run));
      return id;
    }).subscribeOn(Schedulers.boundedElastic());
  }

  /** The batch's outcomes, from its first, as they finish; empty when the id is unknown. */
  public Optional<Flux<Outcome>> outcomes(String id) {
    synchronized (this) {
      return Optional.ofNullable(batches.get(id)).map(Running::outcomes);
    }
  }

  private synchronized void remember(String id, Running running) {
    batches.put(id, running);
    var it = batches.entrySet().iterator();
    while (batches.size() > keep && it.hasNext()) {
      if (it.next().getValue().run().isDisposed()) {
        it.remove();
      } else {
        break;
      }
    }
  }

  /** Where the rows of batch {@code id} go. */
  public Path rows(String id) {
    return rowsDir.resolve(id + ".jsonl");
  }

}

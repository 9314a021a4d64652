package io.s64.runner.output;

import io.s64.job.BatchEvent;
import io.s64.journal.Journal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The run's {@link Journal}: job state changes go to {@code journal.jsonl}, each job's outcome to
 * {@code outcomes.jsonl}; every line is appended and flushed on {@link Schedulers#boundedElastic()}
 * before the batch goes on. Because the batch records a page only after the sink has its rows, and
 * an outcome only after everything else, the files never claim more than is written.
 *
 * <p>Status polls are not journaled, but the last one of each job {@linkplain #follow followed}
 * gives its outcome line the search's last phase and iteration count, and the one before it the
 * time after which the terminal status came ({@code polled_before_terminal_at}).
 */
public final class FileJournal implements Journal {
  private final AppendFile journal;
  private final AppendFile outcomes;
  private final LastPolls lastPolls = new LastPolls(Instant::now);

  /** Writes to the two files; the caller has written the journal's header. */
  public FileJournal(AppendFile journal, AppendFile outcomes) {
    this.journal = journal;
    this.outcomes = outcomes;
  }

  /**
   * Follows the batch's events for the status polls; subscribe before the run starts and dispose
   * after it ends.
   */
  public Disposable follow(Flux<BatchEvent> events) {
    return events.subscribe(lastPolls::on, e -> { });
  }

  @Override
  public Mono<Void> record(BatchEvent event) {
    return Mono.<Void>fromRunnable(() -> write(event)).subscribeOn(Schedulers.boundedElastic());
  }

  private void write(BatchEvent event) {
    try {
      if (event instanceof BatchEvent.Finished finished) {
        LastPolls.Seen polls = lastPolls.take(finished.jobId());
        outcomes.append(polls == null ? OutcomeJson.line(finished.outcome())
            : OutcomeJson.line(finished.outcome(), polls.last(), polls.beforeLastAt()));
        return;
      }
      byte[] line = JournalJson.line(event);
      if (line != null) {
        journal.append(line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + (event instanceof BatchEvent.Finished
          ? outcomes.path() : journal.path()) + ": " + e.getMessage(), e);
    }
  }

  /** Closes both files; records arriving later are dropped (a resume redoes their work). */
  public Mono<Void> close() {
    return Mono.<Void>fromRunnable(() -> {
      try {
        journal.close();
        outcomes.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).subscribeOn(Schedulers.boundedElastic());
  }
}

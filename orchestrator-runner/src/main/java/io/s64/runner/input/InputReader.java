package io.s64.runner.input;

import io.s64.job.Job;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SynchronousSink;
import reactor.core.scheduler.Schedulers;

/**
 * Streams an input file (or stdin) as jobs, one per record, in input order, reading only as far
 * as the consumer asks: a file of any size is read with one line in memory (plus about 40 bytes per
 * explicit id, to catch duplicates). Every read runs on {@link Schedulers#boundedElastic()}.
 *
 * <pre>{@code
 * Flux<Job> jobs = InputReader.read("leads.jsonl", InputDefaults.api());
 * }</pre>
 *
 * <p>A bad record becomes an {@link Job.Kind#INVALID} job whose message starts with {@code line
 * N:} and names the field and the value, and reading goes on. The flux fails with an {@link
 * InputException} only when the input as a whole is unusable: it cannot be opened or read, or a
 * CSV header is wrong.
 */
public final class InputReader {
  private final Callable<InputStream> open;
  private final InputFormat format;
  private final String name;
  private final InputDefaults defaults;

  private InputReader(Callable<InputStream> open, InputFormat format, String name,
      InputDefaults defaults) {
    this.open = open;
    this.format = format;
    this.name = name;
    this.defaults = defaults;
  }

  /**
   * The jobs of {@code input}: a file path whose extension gives the format, or {@code -} for JSON
   * lines on stdin.
   *
   * @throws InputException when the extension is not a known one
   */
  public static Flux<Job> read(String input, InputDefaults defaults) {
    InputFormat format = InputFormat.of(input);
    Callable<InputStream> open = input.equals("-")
        ? () -> System.in
        : () -> new FileInputStream(Path.of(input).toFile());
    return read(open, format, input, defaults);
  }

  /** The jobs of a stream in a given format; {@code name} names the input in messages. */
  public static Flux<Job> read(Callable<InputStream> open, InputFormat format, String name,
      InputDefaults defaults) {
    return new InputReader(open, format, name, defaults).flux();
  }

  private Flux<Job> flux() {
    return Flux.<Job, RecordParser>generate(this::start, this::step, p -> ((Closing) p).close())
        .subscribeOn(Schedulers.boundedElastic());
  }

  private RecordParser start() {
    InputStream in;
    try {
      in = open.call();
    } catch (FileNotFoundException e) {
      throw new InputException("INPUT '" + name + "' cannot be read: "
          + (Files.isDirectory(Path.of(name)) ? "it is a directory"
              : "no such file or no permission"), e);
    } catch (Exception e) {
      throw new InputException("INPUT '" + name + "' cannot be read: " + e.getMessage(), e);
    }
    PhysicalLines lines = new PhysicalLines(in);
    JobFactory factory = new JobFactory(defaults);
    switch (format) {
      case CSV:
        return new Closing(new CsvLineParser(lines, new JobIds(), factory, name), lines);
      case TEXT:
        return new Closing(new TextLineParser(lines, factory), lines);
      default:
        Path parent = name.equals("-") ? null : Path.of(name).toAbsolutePath().getParent();
        return new Closing(new JsonLineParser(lines, new JobIds(), factory,
            parent != null ? parent : Path.of("").toAbsolutePath()), lines);
    }
  }

  private RecordParser step(RecordParser parser, SynchronousSink<Job> sink) {
    Closing closing = (Closing) parser;
    try {
      Job job = closing.next();
      if (job == null) {
        sink.complete();
      } else {
        sink.next(job);
      }
    } catch (IOException | UncheckedIOException e) {
      sink.error(new InputException("INPUT '" + name + "' could not be read after line "
          + closing.lines.lineNumber() + ": " + e.getMessage(), e));
    } catch (RuntimeException e) {
      sink.error(e);
    }
    return parser;
  }

  /** A parser that closes its stream once: at the end, on an error or when cancelled. */
  private static final class Closing implements RecordParser {
    private final RecordParser parser;
    private final PhysicalLines lines;
    private boolean closed;

    Closing(RecordParser parser, PhysicalLines lines) {
      this.parser = parser;
      this.lines = lines;
    }

    @Override
    public @Nullable Job next() throws IOException {
      return parser.next();
    }

    void close() {
      if (!closed) {
        closed = true;
        try {
          lines.close();
        } catch (IOException ignored) {
          // nothing more will be read
        }
      }
    }
  }
}

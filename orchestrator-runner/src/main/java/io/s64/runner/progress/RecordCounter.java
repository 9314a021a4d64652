package io.s64.runner.progress;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Counts the records of an input file for the progress line's total and ETA: one quick pass over
 * the bytes on {@link Schedulers#boundedElastic()}, counting lines that hold more than whitespace
 * (less one for a CSV header). A CSV record spanning lines counts once per line, so the total is an
 * estimate there.
 */
public final class RecordCounter {
  private RecordCounter() {}

  /** The count, or empty when the file cannot be read. */
  public static Mono<Long> count(Path file, boolean csvHeader) {
    return Mono.fromCallable(() -> {
      long lines = countLines(file);
      return csvHeader ? Math.max(0, lines - 1) : lines;
    }).subscribeOn(Schedulers.boundedElastic()).onErrorResume(IOException.class, e -> Mono.empty());
  }

  static long countLines(Path file) throws IOException {
    long lines = 0;
    boolean content = false;
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buf); n > 0; n = in.read(buf)) {
        for (int i = 0; i < n; i++) {
          byte b = buf[i];
          if (b == '\n') {
            lines += content ? 1 : 0;
            content = false;
          } else if (b != ' ' && b != '\t' && b != '\r') {
            content = true;
          }
        }
      }
    }
    return lines + (content ? 1 : 0);
  }
}

package io.s64.runner.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Waits, without sleeping, until the files of a running s64 show a given state: the condition is
 * checked again on every change the file system reports in the output folder.
 */
final class FileWatch {
  private FileWatch() {}

  /** Lines of {@code file} containing {@code text}; a torn last line counts as it stands. */
  static long count(Path file, String text) {
    try {
      if (!Files.exists(file)) {
        return 0;
      }
      return Files.readString(file, StandardCharsets.UTF_8).lines().filter(l -> l.contains(text)).count();
    } catch (IOException e) {
      return 0;
    }
  }

  static void await(Path dir, Cli.Run run, Duration timeout, String what, Predicate<Path> condition)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (WatchService ws = FileSystems.getDefault().newWatchService()) {
      dir.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
      while (!condition.test(dir)) {
        if (!run.process.isAlive()) {
          fail("s64 ended (exit " + run.process.exitValue() + ") before " + what + "; stderr:\n"
              + run.stderr());
        }
        if (System.nanoTime() > deadline) {
          fail("no " + what + " within " + timeout + "; stderr:\n" + run.stderr());
        }
        WatchKey key = ws.poll(100, TimeUnit.MILLISECONDS);
        if (key != null) {
          key.pollEvents();
          key.reset();
        }
      }
    }
  }
}

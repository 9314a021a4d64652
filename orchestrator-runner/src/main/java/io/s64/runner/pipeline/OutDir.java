package io.s64.runner.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The output folder of a run and its files. A new run needs an empty (or absent) folder, so it can
 * never mix its lines into another run's; {@code --resume} needs a folder holding a journal, or an
 * empty one (then the run simply starts).
 */
final class OutDir {
  private final Path dir;

  OutDir(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  Path results() {
    return dir.resolve("results.jsonl");
  }

  Path outcomes() {
    return dir.resolve("outcomes.jsonl");
  }

  Path journal() {
    return dir.resolve("journal.jsonl");
  }

  Path summary() {
    return dir.resolve("summary.json");
  }

  Path requests() {
    return dir.resolve("requests.jsonl");
  }

  Path csv() {
    return dir.resolve("results.csv");
  }

  /**
   * Makes sure the folder can take this run. Blocking.
   *
   * @return whether there is an earlier run to continue
   * @throws UsageException naming the folder when it cannot take the run
   */
  boolean prepare(boolean resume) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new UsageException("--out '" + dir + "' is a file, not a folder");
    }
    boolean empty = isEmpty();
    if (!resume && !empty) {
      throw new UsageException("--out '" + dir + "' is not empty (it holds an earlier run or other"
          + " files); use --resume to continue that run, or another --out");
    }
    if (resume && !empty && !Files.isRegularFile(journal())) {
      throw new UsageException("--out '" + dir + "' holds no journal.jsonl, so there is no s64 run"
          + " to resume in it; use another --out");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UsageException("--out '" + dir + "' cannot be created (" + e.getClass().getSimpleName()
          + ": " + e.getMessage() + ")");
    }
    if (!Files.isWritable(dir)) {
      throw new UsageException("--out '" + dir + "' is not writable");
    }
    return resume && !empty;
  }

  private boolean isEmpty() {
    if (!Files.isDirectory(dir)) {
      return true;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new UsageException("--out '" + dir + "' cannot be listed (" + e.getMessage() + ")");
    }
  }
}

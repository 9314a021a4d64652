package io.s64.runner.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code report.html} of an output folder: what {@code s64 run} writes at its end and {@code s64
 * report OUT_DIR} writes again from the files alone. The page is one file with nothing to fetch
 * (no network, no CDN): its charts are inline SVG, its styles and script inline. It holds ids,
 * counts, times and the outcomes' error texts, which the library has already cleaned of keys and
 * signed URLs; no file it reads holds a key.
 */
public final class RunReport {
  /** The report's file name in the output folder. */
  public static final String FILE = "report.html";

  private RunReport() {}

  /**
   * Writes {@code dir/report.html} from the folder's files, replacing an earlier one whole (a
   * reader never sees half a page). Blocking.
   *
   * @return the report's path
   * @throws IOException when the folder holds no {@code outcomes.jsonl} or a file cannot be read
   *     or written
   */
  public static Path write(Path dir) throws IOException {
    RunFolder run = RunFolder.read(dir);
    Path target = dir.resolve(FILE);
    Path partial = dir.resolve(FILE + ".partial");
    try (Writer out = new BufferedWriter(Files.newBufferedWriter(partial, StandardCharsets.UTF_8),
        1 << 16)) {
      new ReportPage(run, "s64 run report").write(out);
    }
    try {
      return Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (java.nio.file.AtomicMoveNotSupportedException e) {
      return Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}

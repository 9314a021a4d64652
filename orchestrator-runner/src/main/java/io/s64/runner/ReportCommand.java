package io.s64.runner;

import io.s64.runner.report.RunReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code s64 report OUT_DIR}: writes {@code OUT_DIR/report.html} from the folder's files, as
 * {@code s64 run} does at its end: for a folder of an older version, a run that was killed, or
 * after a {@code --resume} elsewhere. Prints the report's path; exit 2 when the folder is not an
 * output folder.
 */
@Command(name = "report",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Writes OUT_DIR/report.html: one self-contained page (no network needed) with the slot",
        "timeline, requests per rate window against the limit, outcomes by status and kind, a",
        "sortable table of the jobs, rows over time and the run's settings. 's64 run' writes it",
        "at the end of every run; this writes it again from the folder's files."})
final class ReportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "OUT_DIR", description = "The output folder of a run.")
  Path dir = Path.of(".");

  @Override
  public Integer call() {
    if (!Files.isDirectory(dir)) {
      System.err.println("error: OUT_DIR '" + dir + "' is not a folder");
      return 2;
    }
    try {
      Path report = RunReport.write(dir);
      System.out.println(report);
      return 0;
    } catch (IOException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
  }
}

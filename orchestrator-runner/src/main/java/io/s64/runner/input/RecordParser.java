package io.s64.runner.input;

import io.s64.job.Job;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** Reads the records of one input format, one job per record, from physical lines. */
interface RecordParser {

  /**
   * The job of the next record (possibly {@link Job.Kind#INVALID}), or null at the end.
   *
   * @throws IOException when the input cannot be read
   * @throws InputException when the input as a whole is unusable (a bad CSV header)
   */
  @Nullable Job next() throws IOException;

  /** An invalid job whose message starts with the line. */
  static Job invalid(String id, long line, String problem) {
    return Job.invalid(id, "line " + line + ": " + problem);
  }
}

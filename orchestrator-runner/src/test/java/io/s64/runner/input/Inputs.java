package io.s64.runner.input;

import io.s64.job.Job;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** Reads test inputs through the real reader. */
final class Inputs {
  private Inputs() {}

  static List<Job> read(InputFormat format, byte[] bytes, InputDefaults defaults) {
    return InputReader.read(() -> new ByteArrayInputStream(bytes), format, "test-input", defaults)
        .collectList()
        .block(Duration.ofSeconds(10));
  }

  static List<Job> read(InputFormat format, String text) {
    return read(format, text.getBytes(StandardCharsets.UTF_8), InputDefaults.api());
  }

  static Job only(InputFormat format, String text) {
    List<Job> jobs = read(format, text);
    if (jobs.size() != 1) {
      throw new AssertionError("expected one job but got " + jobs);
    }
    return jobs.get(0);
  }
}

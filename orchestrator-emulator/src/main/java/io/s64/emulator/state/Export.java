package io.s64.emulator.state;

import io.s64.emulator.SearchRecord;
import java.time.Instant;

/**
 * An export of a search to CSV: a task whose file becomes downloadable when it completes.
 *
 * @param taskId the task id, polled on the status endpoint
 * @param source the exported search
 * @param timeline when it runs
 * @param rows rows in the file: {@code min(source rows, max_results)}
 * @param resourceHandleId the file's handle, reported once completed
 */
public record Export(
    String taskId, Search source, Timeline timeline, int rows, String resourceHandleId) {

  public TaskStatus statusAt(Instant now) {
    return timeline.statusAt(now, false);
  }

  SearchRecord record(Instant now) {
    return new SearchRecord(taskId, source.searchId, "export", source.query, source.mode.wire(),
        statusAt(now).wire(), timeline.createdAt(), timeline.endsAt(), rows, source.servedCount(),
        0, null);
  }
}

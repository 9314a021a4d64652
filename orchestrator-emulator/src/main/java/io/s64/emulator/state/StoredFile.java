package io.s64.emulator.state;

import java.time.Instant;

/**
 * A CSV file in the emulated storage: the first {@code rows} rows of a search.
 *
 * @param handle the resource handle id
 * @param bucket the storage bucket
 * @param path the object path within the bucket
 * @param search whose rows the file holds
 * @param rows how many rows
 * @param availableAt when the file exists (its task's end)
 */
public record StoredFile(
    String handle, String bucket, String path, Search search, int rows, Instant availableAt) {
  static final String BUCKET = "s64-emulator-results";

  public boolean availableAt(Instant now) {
    return !now.isBefore(availableAt);
  }
}

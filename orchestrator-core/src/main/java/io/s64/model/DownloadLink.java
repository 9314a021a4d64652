package io.s64.model;

import java.net.URI;

/**
 * A signed URL for a result CSV, from {@code GET /search/download}. The URL is a bearer
 * credential valid for about 15 minutes: {@link #toString()} leaves it out, and s64 never logs or
 * stores it. Fetch it with {@code Sixtyfour.download}, which sends no API key to it.
 *
 * @param url the signed URL
 * @param bucket the storage bucket
 * @param path the object path within the bucket
 */
public record DownloadLink(URI url, String bucket, String path) {
  @Override
  public String toString() {
    return "DownloadLink[bucket=" + bucket + ", path=" + path + ", url=<redacted>]";
  }
}

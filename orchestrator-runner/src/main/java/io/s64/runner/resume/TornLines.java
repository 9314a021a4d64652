package io.s64.runner.resume;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Cuts a torn last line off an append-only file: a process killed in the middle of an append may
 * leave part of a line without its newline. Everything up to the last newline stays.
 */
final class TornLines {
  private TornLines() {}

  /**
   * Truncates {@code file} after its last newline, when it does not end with one.
   *
   * @return the number of bytes cut off (0 when the file is whole or absent)
   */
  static long repair(Path file) throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      long end = size;
      ByteBuffer buf = ByteBuffer.allocate(8192);
      while (end > 0) {
        int n = (int) Math.min(buf.capacity(), end);
        buf.clear().limit(n);
        long from = end - n;
        while (buf.hasRemaining()) {
          if (ch.read(buf, from + buf.position()) < 0) {
            break;
          }
        }
        for (int i = n - 1; i >= 0; i--) {
          if (buf.get(i) == '\n') {
            long keep = from + i + 1;
            if (keep < size) {
              ch.truncate(keep);
            }
            return size - keep;
          }
        }
        end = from;
      }
      ch.truncate(0);
      return size;
    }
  }
}

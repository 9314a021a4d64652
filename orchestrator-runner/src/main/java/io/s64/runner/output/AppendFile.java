package io.s64.runner.output;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * A file that grows by whole lines: each {@link #append} writes its bytes and hands them to the
 * operating system before it returns, so a process killed at any moment leaves at most one torn
 * last line (which resume cuts off). Uses {@code java.io} streams, which a thread interrupt does not
 * close, so a cancelled task cannot break the file for the writes after it. Thread-safe; blocking.
 */
public final class AppendFile implements AutoCloseable {
  private final Path path;
  private @Nullable OutputStream out; // guarded by this
  private boolean closed; // guarded by this

  public AppendFile(Path path) {
    this.path = path;
  }

  /** Appends bytes (whole lines); after {@link #close()} it does nothing. */
  public synchronized void append(byte[] bytes) throws IOException {
    if (closed) {
      return;
    }
    OutputStream o = out;
    if (o == null) {
      o = new FileOutputStream(path.toFile(), true);
      out = o;
    }
    o.write(bytes);
    o.flush();
  }

  /** The file. */
  public Path path() {
    return path;
  }

  @Override
  public synchronized void close() throws IOException {
    closed = true;
    if (out != null) {
      out.close();
      out = null;
    }
  }
}

package io.s64.runner.input;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Splits a byte stream into physical lines without ever holding more than one line: {@code \n}
 * ends a line, a {@code \r} before it is dropped, a missing newline at the end is fine. Each line
 * is decoded as strict UTF-8; a line that is not valid UTF-8, holds control characters (binary
 * data) or is longer than {@link #MAX_LINE_BYTES} comes back with a problem instead of text, and
 * reading goes on with the next line. A UTF-8 byte order mark on line 1 is skipped. Blocking: call
 * it from a thread that may block.
 */
final class PhysicalLines implements Closeable {
  /** The longest line accepted: 1 MiB of bytes, terminator excluded. */
  static final int MAX_LINE_BYTES = 1 << 20;

  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] buffer = new byte[1 << 16];
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private int pos;
  private int limit;
  private boolean eof;
  private byte[] line = new byte[512];
  private int length;
  private long number;

  PhysicalLines(InputStream in) {
    this(in, MAX_LINE_BYTES);
  }

  PhysicalLines(InputStream in, int maxLineBytes) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  /** The next line, or null at the end of the stream. */
  @Nullable Line next() throws IOException {
    length = 0;
    boolean tooLong = false;
    boolean any = false;
    boolean terminated = false;
    while (!terminated) {
      if (pos == limit) {
        if (eof || !fill()) {
          break;
        }
      }
      int end = indexOfNewline();
      terminated = end < limit;
      int n = end - pos;
      any = true;
      if (!tooLong) {
        if (length + n > maxLineBytes + 1) {
          tooLong = true;
        } else {
          append(pos, n);
        }
      }
      pos = terminated ? end + 1 : end;
    }
    if (!any) {
      return null;
    }
    number++;
    if (length > 0 && line[length - 1] == '\r') {
      length--;
    }
    if (tooLong || length > maxLineBytes) {
      return new Line(number, null, "longer than " + describe(maxLineBytes) + "; skipped");
    }
    return decode();
  }

  /** The number of the last line returned. */
  long lineNumber() {
    return number;
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer);
    if (n <= 0) {
      eof = true;
      pos = 0;
      limit = 0;
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  private int indexOfNewline() {
    for (int i = pos; i < limit; i++) {
      if (buffer[i] == '\n') {
        return i;
      }
    }
    return limit;
  }

  private void append(int from, int n) {
    if (length + n > line.length) {
      line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
    }
    System.arraycopy(buffer, from, line, length, n);
    length += n;
  }

  private Line decode() {
    int start = 0;
    if (number == 1 && length >= 3 && (line[0] & 0xff) == 0xEF && (line[1] & 0xff) == 0xBB
        && (line[2] & 0xff) == 0xBF) {
      start = 3;
    }
    ByteBuffer bytes = ByteBuffer.wrap(line, start, length - start);
    CharBuffer chars = CharBuffer.allocate(length - start);
    decoder.reset();
    CoderResult result = decoder.decode(bytes, chars, true);
    if (result.isError()) {
      int at = bytes.position();
      return new Line(number, null, String.format("not valid UTF-8 (byte 0x%02X at byte %d)",
          line[at] & 0xff, at - start + 1));
    }
    decoder.flush(chars);
    chars.flip();
    String text = chars.toString();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        return new Line(number, null, String.format(
            "contains binary data (control character U+%04X at column %d)", (int) c, i + 1));
      }
    }
    return new Line(number, text, null);
  }

  static String describe(int bytes) {
    return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MB" : bytes + " bytes";
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}

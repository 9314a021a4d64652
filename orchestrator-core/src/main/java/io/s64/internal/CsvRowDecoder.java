package io.s64.internal;

import io.s64.error.DecodeException;
import io.s64.model.Row;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A streaming RFC 4180 decoder: feed it a CSV file chunk by chunk, get rows as soon as they are
 * complete. Handles quoted fields with commas, doubled quotes and line breaks, CRLF, LF or CR
 * record ends, a UTF-8 byte-order mark, and multi-byte UTF-8 split across chunks (the structural
 * characters are ASCII, so the decoder works on bytes and decodes each finished field). Blank
 * lines are skipped.
 *
 * <p>Each row comes with the absolute byte offset just after it, so a download cut short can
 * continue from the last row delivered with a range request. The first record is the header,
 * unless one is given (when continuing mid-file).
 *
 * <p>Not thread-safe; one decoder per stream.
 */
public final class CsvRowDecoder {
  /** A decoded row and the byte offset right after it. */
  public record Decoded(Row row, long endOffset) {}

  private static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;
  private static final int START = 0;
  private static final int UNQUOTED = 1;
  private static final int QUOTED = 2;
  private static final int QUOTE_IN_QUOTED = 3;

  private @Nullable List<String> header;
  private long offset;
  private int state = START;
  private boolean afterCr;
  private boolean bomChecked;
  private final List<String> fields = new ArrayList<>();
  private byte[] field = new byte[256];
  private int fieldLength;
  private int recordBytes;

  /**
   * @param startOffset the absolute offset of the first byte that will be fed
   * @param header the column names when starting mid-file, or null to read them from the first
   *     record
   */
  public CsvRowDecoder(long startOffset, @Nullable List<String> header) {
    this.offset = startOffset;
    this.header = header == null ? null : List.copyOf(header);
    this.bomChecked = startOffset > 0;
  }

  /** The column names, once known. */
  public @Nullable List<String> header() {
    return header;
  }

  /** Decodes a chunk; returns the rows it completed. */
  public List<Decoded> feed(ByteBuffer chunk) {
    List<Decoded> out = new ArrayList<>(4);
    while (chunk.hasRemaining()) {
      byte b = chunk.get();
      offset++;
      if (!bomChecked) {
        if (bomPrefix(b)) {
          continue;
        }
        bomChecked = true;
      }
      if (afterCr) {
        // A CR ended the record: with the LF of a CRLF it ends after the LF, else before b.
        afterCr = false;
        if (b == '\n') {
          endRecord(out, offset);
          continue;
        }
        endRecord(out, offset - 1);
      }
      accept(b, out);
    }
    return out;
  }

  private int bomSeen;

  private boolean bomPrefix(byte b) {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    if (bomSeen < 3 && b == bom[bomSeen]) {
      bomSeen++;
      if (bomSeen == 3) {
        bomChecked = true;
      }
      return true;
    }
    if (bomSeen > 0) {
      // A partial BOM was real data; replay it.
      for (int i = 0; i < bomSeen; i++) {
        append(bom[i]);
      }
      state = UNQUOTED;
    }
    return false;
  }

  private void accept(byte b, List<Decoded> out) {
    if (++recordBytes > MAX_RECORD_BYTES) {
      throw new DecodeException("CSV record at byte " + offset + " is longer than "
          + MAX_RECORD_BYTES + " bytes (an unbalanced quote?)", null);
    }
    switch (state) {
      case QUOTED:
        if (b == '"') {
          state = QUOTE_IN_QUOTED;
        } else {
          append(b);
        }
        return;
      case QUOTE_IN_QUOTED:
        if (b == '"') {
          append(b);
          state = QUOTED;
          return;
        }
        state = UNQUOTED; // the closing quote; what follows is handled below
        break;
      default:
        break;
    }
    if (b == ',') {
      endField();
    } else if (b == '\r') {
      afterCr = true;
    } else if (b == '\n') {
      endRecord(out, offset);
    } else if (b == '"' && state == START) {
      state = QUOTED;
    } else {
      append(b);
      state = UNQUOTED;
    }
  }

  private void append(byte b) {
    if (fieldLength == field.length) {
      field = Arrays.copyOf(field, field.length * 2);
    }
    field[fieldLength++] = b;
  }

  private void endField() {
    fields.add(new String(field, 0, fieldLength, StandardCharsets.UTF_8));
    fieldLength = 0;
    state = START;
  }

  private void endRecord(List<Decoded> out, long end) {
    boolean blank = fields.isEmpty() && fieldLength == 0 && state == START;
    if (!blank) {
      endField();
      emit(out, end);
    }
    fields.clear();
    fieldLength = 0;
    state = START;
    recordBytes = 0;
  }

  private void emit(List<Decoded> out, long end) {
    if (header == null) {
      header = List.copyOf(fields);
      return;
    }
    Map<String, Object> values = new LinkedHashMap<>(Math.max(4, header.size() * 2));
    for (int i = 0; i < fields.size(); i++) {
      String name = i < header.size() ? header.get(i) : "_col" + (i + 1);
      values.put(name, fields.get(i));
    }
    out.add(new Decoded(Row.of(values), end));
  }

  /**
   * Ends the stream: returns the last row when the file does not end with a line break.
   *
   * @throws DecodeException when the file ends inside a quoted field
   */
  public List<Decoded> finish() {
    if (state == QUOTED) {
      throw new DecodeException("CSV ends inside a quoted field (an unbalanced quote)", null);
    }
    List<Decoded> out = new ArrayList<>(1);
    afterCr = false;
    endRecord(out, offset);
    return out;
  }
}

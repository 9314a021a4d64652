package io.s64.runner.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code events.jsonl}: one line per verified delivery, written and forced to the disk before
 * the sender hears 2xx, so an acknowledged event survives a crash. Knows every event id it holds
 * (read back at start), so a redelivery of the same event is recognised and not stored twice.
 * Appends are serialized; call them off the event loop.
 */
public final class EventLog implements AutoCloseable {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private final Path file;
  private final FileChannel channel;
  private final Set<String> ids = new HashSet<>();

  public EventLog(Path dir) throws IOException {
    Files.createDirectories(dir);
    this.file = dir.resolve("events.jsonl");
    if (Files.exists(file)) {
      cutTornLine(file);
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (String line : lines) {
        JsonNode id = MAPPER.readTree(line).path("event_id");
        if (id.isTextual()) {
          ids.add(id.asText());
        }
      }
    }
    this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
  }

  /** A crash mid-write may leave half a line at the end: cut it (its sender got no 2xx). */
  private static void cutTornLine(Path file) throws IOException {
    long size = Files.size(file);
    if (size == 0) {
      return;
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      long end = size;
      while (end > 0) {
        one.clear();
        ch.read(one, end - 1);
        if (one.get(0) == '\n') {
          break;
        }
        end--;
      }
      ch.truncate(end);
    }
  }

  public Path file() {
    return file;
  }

  /** Whether an event with this id is already stored. */
  synchronized boolean contains(String eventId) {
    return ids.contains(eventId);
  }

  /**
   * Stores a verified event durably, unless its id is already stored. A missing header is stored
   * as JSON null.
   *
   * @param eventType the {@code Sixtyfour-Event-Type} header, null when absent
   * @param attempt the {@code Sixtyfour-Delivery-Attempt} header, null when absent
   * @param signedAt the verified signature's time, null for an unsigned delivery
   * @return true when stored now, false for a repeated event id
   */
  synchronized boolean append(String eventId, @Nullable String eventType, @Nullable String attempt,
      @Nullable Long signedAt, JsonNode body) {
    if (ids.contains(eventId)) {
      return false;
    }
    ObjectNode line = MAPPER.createObjectNode();
    line.put("event_id", eventId);
    putText(line, "event_type", eventType);
    putText(line, "delivery_attempt", attempt);
    if (signedAt == null) {
      line.putNull("signed_at");
    } else {
      line.put("signed_at", signedAt);
    }
    line.put("received_at", Instant.now().toString());
    line.set("body", body);
    try {
      byte[] bytes = (MAPPER.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
    ids.add(eventId);
    return true;
  }

  private static void putText(ObjectNode line, String field, @Nullable String value) {
    if (value == null) {
      line.putNull(field);
    } else {
      line.put(field, value);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    channel.close();
  }
}

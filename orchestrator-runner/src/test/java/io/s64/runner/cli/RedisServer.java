package io.s64.runner.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;
import redis.embedded.core.ExecutableProvider;

/**
 * A real {@code redis-server} for the queue's process tests: the binary inside the embedded-redis
 * jar, on a free loopback port, with its data in a folder of the test, append-only file on and
 * forced to disk at every write. {@link #stop()} ends it as an operator would (SIGTERM: it
 * finishes its file first) and {@link #start()} brings it back on the same port with its data.
 */
final class RedisServer implements AutoCloseable {
  private final Path dir;
  private final int port;
  private Process process;

  RedisServer(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
    try (ServerSocket s = new ServerSocket(0)) {
      this.port = s.getLocalPort();
    }
    start();
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  void start() throws IOException {
    Path binary = ExecutableProvider.newJarResourceProvider().get().toPath();
    binary.toFile().setExecutable(true);
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--port",
        Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "",
        "--appendonly", "yes", "--appendfsync", "always", "--protected-mode", "no"));
    process = new ProcessBuilder(command).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    Boolean up = Flux.interval(Duration.ofMillis(50)).map(tick -> accepts())
        .filter(ok -> ok).blockFirst(Duration.ofSeconds(20));
    if (up == null || !up) {
      throw new IOException("redis-server did not start on port " + port);
    }
  }

  private boolean accepts() {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** SIGTERM, and waits for the exit. */
  void stop() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        throw new IllegalStateException("redis-server did not stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

}

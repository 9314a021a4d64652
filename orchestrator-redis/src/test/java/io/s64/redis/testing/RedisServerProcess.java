package io.s64.redis.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import redis.embedded.core.ExecutableProvider;

/**
 * A real {@code redis-server} started by the tests: the binary shipped inside the embedded-redis
 * jar (Linux and macOS), run as a child process on a free loopback port, in a temporary directory,
 * with persistence off unless asked for. It can be stopped and started again on the same port
 * (with AOF on, the data survive), which is how the Redis-down tests take Redis away mid-run.
 */
public final class RedisServerProcess implements AutoCloseable {
  private static @Nullable Path binary;

  private final int port;
  private final List<String> extraArgs;
  private final Path dir;
  private @Nullable Process process;

  private RedisServerProcess(int port, List<String> extraArgs) throws IOException {
    this.port = port;
    this.extraArgs = List.copyOf(extraArgs);
    this.dir = Files.createTempDirectory("s64-redis-" + port + "-");
  }

  /**
   * Starts a server on a free port.
   *
   * @param extraArgs more {@code redis-server} options, e.g. {@code "--appendonly", "yes"} or
   *     {@code "--requirepass", "secret"}
   */
  public static RedisServerProcess launch(String... extraArgs) {
    try {
      RedisServerProcess server = new RedisServerProcess(freePort(), List.of(extraArgs));
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code redis://127.0.0.1:port}. */
  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Starts the server (again, on the same port and directory) and returns once it accepts. */
  public synchronized void start() throws IOException {
    if (process != null && process.isAlive()) {
      return;
    }
    List<String> command = new ArrayList<>(List.of(
        binary().toString(),
        "--port", Integer.toString(port),
        "--bind", "127.0.0.1",
        "--dir", dir.toString(),
        "--save", "",
        "--appendonly", "no",
        "--protected-mode", "no"));
    command.addAll(extraArgs); // later options win
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    process = p;
    BufferedReader out = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = out.readLine()) != null) {
      seen.append(line).append('\n');
      if (line.contains("Ready to accept connections")) {
        drain(out);
        return;
      }
    }
    throw new IOException("redis-server did not start on port " + port + ":\n" + seen);
  }

  /** Stops the server the way an operator would (SIGTERM) and waits for it to exit. */
  public synchronized void stop() {
    Process p = process;
    if (p == null) {
      return;
    }
    p.destroy();
    await(p);
    process = null;
  }

  /** Kills the server (SIGKILL): nothing is flushed. */
  public synchronized void kill() {
    Process p = process;
    if (p == null) {
      return;
    }
    p.destroyForcibly();
    await(p);
    process = null;
  }

  @Override
  public void close() {
    kill();
  }

  private static void await(Process p) {
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Keeps reading the server's output so that its pipe never fills. */
  private static void drain(BufferedReader out) {
    Thread t = new Thread(() -> {
      try {
        while (out.readLine() != null) {
          // discarded
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }, "redis-server-output");
    t.setDaemon(true);
    t.start();
  }

  private static synchronized Path binary() throws IOException {
    if (binary == null) {
      Path file = ExecutableProvider.newJarResourceProvider().get().toPath();
      file.toFile().setExecutable(true);
      binary = file;
    }
    return binary;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}

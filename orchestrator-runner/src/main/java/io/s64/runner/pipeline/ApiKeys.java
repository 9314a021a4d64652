package io.s64.runner.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Finds the API key: in the environment variable {@code SIXTYFOUR_API_KEY}, in another variable
 * ({@code --api-key-env NAME}) or in a file ({@code --api-key-file PATH}), never in an argument,
 * which {@code ps} would show. Messages name where the key was looked for, never the key.
 */
final class ApiKeys {
  static final String DEFAULT_ENV = "SIXTYFOUR_API_KEY";

  /**
   * A key and where it came from. {@link #toString()} leaves the key out.
   *
   * @param value the key
   * @param source where it came from, for messages
   */
  record Key(String value, String source) {
    @Override
    public String toString() {
      return "Key[" + source + "]";
    }
  }

  private ApiKeys() {}

  /**
   * The key the options point to. Blocking (it may read a file).
   *
   * @throws UsageException when there is none, saying how to set one
   */
  static Key resolve(RunOptions options, UnaryOperator<String> env) {
    Path file = options.apiKeyFile();
    String name = options.apiKeyEnv();
    if (file != null && name != null) {
      throw new UsageException("use either --api-key-env or --api-key-file, not both");
    }
    if (file != null) {
      String key;
      try {
        key = Files.readString(file, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new UsageException("--api-key-file '" + file + "' cannot be read ("
            + e.getClass().getSimpleName() + ")");
      }
      if (key.isEmpty()) {
        throw new UsageException("--api-key-file '" + file + "' is empty");
      }
      return new Key(key, "--api-key-file '" + file + "'");
    }
    String variable = name != null ? name : DEFAULT_ENV;
    String key = env.apply(variable);
    if (key == null || key.isEmpty()) {
      if (name != null) {
        throw new UsageException("--api-key-env " + name + ": the environment variable " + name
            + " is not set or empty");
      }
      throw new UsageException("no API key: set the environment variable " + DEFAULT_ENV
          + " (for example: export " + DEFAULT_ENV + "=<your key>), or use --api-key-env NAME or"
          + " --api-key-file PATH; to try s64 without a key, add --emulator");
    }
    return new Key(key, "the environment variable " + variable);
  }
}

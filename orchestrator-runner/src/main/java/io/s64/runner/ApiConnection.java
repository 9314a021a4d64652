package io.s64.runner;

import io.s64.runner.pipeline.ApiCalls;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options every command that calls the API takes to reach it: URL, key, emulator. A picocli
 * mixin, so {@code run}, {@code worker} and the {@code workflow} commands spell and check them
 * alike.
 */
final class ApiConnection {
  @Option(names = "--base-url", paramLabel = "URL",
      description = "The API's URL. Default: the environment variable SIXTYFOUR_API_ENDPOINT, else"
          + " https://api.sixtyfour.ai.")
  @Nullable String baseUrl;

  @Option(names = "--api-key-env", paramLabel = "NAME",
      description = "Read the API key from this environment variable. Default: SIXTYFOUR_API_KEY.")
  @Nullable String apiKeyEnv;

  @Option(names = "--api-key-file", paramLabel = "PATH",
      description = "Read the API key from this file (surrounding whitespace ignored). Default: none.")
  @Nullable Path apiKeyFile;

  @Option(names = "--emulator",
      description = "Use an embedded emulator on a free local port (no key needed; searches take"
          + " 2-6s; it holds the demo workflows). Default: ${DEFAULT-VALUE}.")
  boolean emulator;

  @Option(names = "--allow-insecure-http",
      description = "Allow a plain-http --base-url on a host other than this machine (the key"
          + " would travel in clear text). Default: ${DEFAULT-VALUE}.")
  boolean allowInsecureHttp;

  /** Checks the values picocli cannot: an empty {@code --api-key-env}. */
  void check(CommandLine cl) {
    if (apiKeyEnv != null && apiKeyEnv.isBlank()) {
      throw new CommandLine.ParameterException(cl, "--api-key-env must name a variable but was ''");
    }
  }

  ApiCalls.Connection connection() {
    return new ApiCalls.Connection(baseUrl, apiKeyEnv, apiKeyFile, emulator, allowInsecureHttp);
  }
}

package io.s64.runner.pipeline;

import io.s64.Sixtyfour;
import io.s64.emulator.Emulator;
import io.s64.error.ApiException;
import io.s64.error.S64Exception;
import io.s64.runner.progress.ProgressMode;
import io.s64.runner.input.InputDefaults;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * One-off API calls of a command such as {@code s64 workflow list}: the client made from the
 * usual options (key from the environment or a file, --base-url, or the embedded emulator with
 * --emulator), the work, then everything closed; an API error prints {@code error: ...} and
 * exits 1 (3 for a refused key), a usage error exits 2.
 */
public final class ApiCalls {
  /**
   * Where the API is and how to find its key.
   *
   * @param baseUrl --base-url, or null
   * @param apiKeyEnv --api-key-env, or null
   * @param apiKeyFile --api-key-file, or null
   * @param emulator run against the embedded emulator
   * @param allowInsecureHttp --allow-insecure-http
   */
  public record Connection(@Nullable String baseUrl, @Nullable String apiKeyEnv,
      @Nullable Path apiKeyFile, boolean emulator, boolean allowInsecureHttp) {}

  private ApiCalls() {}

  /** Runs {@code work} with a client; emits the exit code. */
  public static Mono<Integer> run(Connection c, UnaryOperator<String> env, PrintStream err,
      Function<Sixtyfour, Mono<Integer>> work) {
    RunOptions o = new RunOptions("-", Path.of("."), InputDefaults.api(), false, false, c.baseUrl(),
        c.apiKeyEnv(), c.apiKeyFile(), 500, Duration.ofSeconds(60), 5, null, true, Duration.ofMinutes(30),
        false, ProgressMode.NONE, c.emulator(), c.allowInsecureHttp(), List.of(),
        WorkflowOptions.defaults(), null, null);
    return Mono.fromCallable(() -> {
          if (c.emulator() && c.baseUrl() != null) {
            throw new UsageException("--emulator and --base-url cannot be used together");
          }
          Emulator emulator = c.emulator() ? DemoEmulator.start(5, 500, Duration.ofSeconds(60)) : null;
          ApiKeys.Key key = emulator != null ? new ApiKeys.Key(DemoEmulator.KEY, "the embedded emulator")
              : ApiKeys.resolve(o, env);
          String endpoint = env.apply("SIXTYFOUR_API_ENDPOINT");
          String url = emulator != null ? emulator.baseUrl()
              : c.baseUrl() != null ? c.baseUrl()
              : endpoint != null && !endpoint.isBlank() ? endpoint.strip() : Sixtyfour.DEFAULT_BASE_URL;
          return new Opened(Clients.client(o, url, key), emulator);
        })
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(opened -> work.apply(opened.client())
            .onErrorResume(S64Exception.class, e -> Mono.fromSupplier(() -> {
              err.println("error: " + e.getMessage());
              return e instanceof ApiException api && api.isAuthentication()
                  ? ExitCode.AUTHENTICATION : ExitCode.SOME_FAILED;
            }))
            .flatMap(code -> opened.client().close().onErrorResume(e -> Mono.empty())
                .then(Mono.fromRunnable(() -> {
                  if (opened.emulator() != null) {
                    opened.emulator().close();
                  }
                }).subscribeOn(Schedulers.boundedElastic()))
                .thenReturn(code)))
        .onErrorResume(UsageException.class, e -> Mono.fromSupplier(() -> {
          err.println("error: " + e.getMessage());
          return ExitCode.USAGE;
        }));
  }

  private record Opened(Sixtyfour client, @Nullable Emulator emulator) {}
}

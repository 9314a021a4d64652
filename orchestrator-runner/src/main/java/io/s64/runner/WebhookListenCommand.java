package io.s64.runner;

import io.s64.runner.pipeline.Interrupt;
import io.s64.runner.webhook.EventLog;
import io.s64.runner.webhook.WebhookReceiver;
import io.s64.webhook.WebhookVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code s64 webhook listen}: serves until SIGINT or SIGTERM, storing every verified delivery in
 * {@code OUT/events.jsonl}. Secrets come from the environment, never from arguments.
 */
@Command(name = "listen",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Receives Sixtyfour webhook deliveries (POST, any path), verifies Sixtyfour-Signature over"
            + " the raw body, and appends each new event to OUT/events.jsonl, forced to disk before"
            + " answering 200. A repeated Sixtyfour-Event-Id is answered 200 and stored once. Prints"
            + " 'listening on http://HOST:PORT' once it serves; runs until Ctrl-C.",
        "",
        "The signing secret comes from the environment variable SIXTYFOUR_WEBHOOK_SECRET (or the one"
            + " named by --secret-env); during a rotation also SIXTYFOUR_WEBHOOK_SECRET_OLD. Without a"
            + " secret it refuses to start unless --allow-unsigned.",
        ""})
final class WebhookListenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--port", paramLabel = "N", defaultValue = "8065",
      description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
      description = "Address to bind (default: ${DEFAULT-VALUE}; use 0.0.0.0 behind a TLS proxy).")
  String host;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "./s64-webhooks",
      description = "Where events.jsonl goes (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--secret-env", paramLabel = "NAME", defaultValue = "SIXTYFOUR_WEBHOOK_SECRET",
      description = "Variable holding the signing secret; NAME_OLD holds the previous one during a"
          + " rotation (default: ${DEFAULT-VALUE}).")
  String secretEnv;

  @Option(names = "--tolerance", paramLabel = "DUR", defaultValue = "300s",
      converter = DurationConverter.class,
      description = "Largest difference between the signed time and now (default: ${DEFAULT-VALUE}).")
  Duration tolerance;

  @Option(names = "--max-body", paramLabel = "BYTES", defaultValue = "10485760",
      description = "Largest body accepted, in bytes (default: ${DEFAULT-VALUE}).")
  int maxBody;

  @Option(names = "--allow-unsigned", defaultValue = "false",
      description = "Accept unsigned deliveries when no secret is set (Sixtyfour signs only once a"
          + " signing secret exists).")
  boolean allowUnsigned;

  /** Reads environment variables; a seam for tests. */
  Function<String, @Nullable String> env = System::getenv;

  @Override
  public Integer call() {
    if (port < 0 || port > 65535) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--port must be in 0..65535 but was " + port);
    }
    if (maxBody < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--max-body must be at least 1 but was " + maxBody);
    }
    String secret = blankToNull(env.apply(secretEnv));
    String old = blankToNull(env.apply(secretEnv + "_OLD"));
    WebhookVerifier verifier = null;
    if (secret != null) {
      verifier = (old == null ? WebhookVerifier.of(secret) : WebhookVerifier.of(secret, old))
          .withTolerance(tolerance);
    } else if (!allowUnsigned) {
      System.err.println("error: no webhook signing secret: set " + secretEnv
          + " (Sixtyfour: Settings > API Keys > Webhooks), or pass --allow-unsigned to accept"
          + " unsigned deliveries");
      return 2;
    }
    WebhookVerifier v = verifier;
    Interrupt interrupt = new Interrupt();
    Mono<Integer> serve = Mono.fromCallable(() -> {
          EventLog log = new EventLog(out);
          return new Object[] {log, new WebhookReceiver(host, port, v, log, maxBody)};
        })
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(parts -> {
          EventLog log = (EventLog) parts[0];
          WebhookReceiver receiver = (WebhookReceiver) parts[1];
          System.out.println("listening on " + receiver.url());
          System.out.flush();
          System.err.println("s64: storing verified events in " + log.file()
              + (v == null ? " (unsigned deliveries accepted)" : ""));
          return interrupt.fired().then(Mono.fromCallable(() -> {
            receiver.close();
            log.close();
            return 0;
          }).subscribeOn(Schedulers.boundedElastic()));
        })
        .onErrorResume(e -> Mono.fromSupplier(() -> {
          Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
          System.err.println("error: " + (cause instanceof IOException ? "cannot use " + out + ": " : "")
              + cause.getMessage());
          return 2;
        }));
    return Main.await(serve, interrupt);
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}

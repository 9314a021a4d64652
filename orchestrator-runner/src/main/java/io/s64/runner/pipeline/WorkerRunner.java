package io.s64.runner.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.s64.Sixtyfour;
import io.s64.batch.Batch;
import io.s64.emulator.Emulator;
import io.s64.job.Outcome;
import io.s64.limits.RequestBudget;
import io.s64.redis.RedisCoordination;
import io.s64.redis.queue.JobQueue;
import io.s64.redis.queue.QueueWorker;
import io.s64.runner.input.JobLines;
import io.s64.runner.metrics.MetricsEndpoint;
import io.s64.runner.progress.ProgressText;
import io.s64.runner.queue.QueueLines;
import io.s64.runner.queue.Queues;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs one {@code s64 worker}: takes jobs from the queue and runs them through a batch whose
 * client shares its request budget and deep-search slots with every other process on the key, and
 * whose batch shares exports and dedup with them ({@link RedisCoordination}), whose sink and journal are the queue's ({@link QueueWorker}), and
 * which heartbeats while it works. Ends with {@code --until-empty} once every submitted job has an
 * outcome, on Ctrl-C / SIGTERM (the jobs it holds go to the other workers at once, resuming from
 * their checkpoints), or when the API refuses the key (its jobs likewise; exit 3). With {@code
 * --metrics-port} it serves its client's and batch's meters (one registry per worker process) from
 * its start to its end.
 */
public final class WorkerRunner {
  private final RunOptions api;
  private final WorkerOptions queue;
  private final Interrupt interrupt;
  private final PrintStream err;
  private final UnaryOperator<String> env;

  public WorkerRunner(RunOptions api, WorkerOptions queue, Interrupt interrupt, PrintStream err,
      UnaryOperator<String> env) {
    this.api = api;
    this.queue = queue;
    this.interrupt = interrupt;
    this.err = err;
    this.env = env;
  }

  /** What a started worker holds open. */
  private record Parts(JobQueue queue, RedisCoordination shared, Sixtyfour client,
      @Nullable Emulator emulator, ApiKeys.Key key, @Nullable MetricsEndpoint metrics) {}

  /** The worker; emits its exit code. */
  public Mono<Integer> run() {
    return Mono.fromCallable(this::prepare)
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(p -> Queues.connect(queue.redisUrl(), queue.queue(), err)
            .flatMap(q -> work(new Parts(q, p.shared(), p.client(), p.emulator(), p.key(),
                p.metrics()))))
        .onErrorResume(UsageException.class, e -> Mono.fromSupplier(() -> usage(e.getMessage())))
        .onErrorResume(IllegalArgumentException.class, e -> Mono.fromSupplier(() -> usage(e.getMessage())));
  }

  private int usage(String message) {
    err.println("error: " + message);
    return ExitCode.USAGE;
  }

  private Parts prepare() {
    if (api.emulator() && api.baseUrl() != null) {
      throw new UsageException("--emulator and --base-url cannot be used together");
    }
    if (!queue.redisUrl().startsWith("redis://") && !queue.redisUrl().startsWith("rediss://")) {
      throw new UsageException("--redis must be a redis:// or rediss:// URL but was '"
          + Queues.shown(queue.redisUrl()) + "'");
    }
    ApiKeys.Key key = api.emulator() ? new ApiKeys.Key(DemoEmulator.KEY, "the embedded emulator")
        : ApiKeys.resolve(api, env);
    MetricsEndpoint metrics = null;
    if (api.metricsPort() != null) {
      try {
        metrics = MetricsEndpoint.start(api.metricsPort());
      } catch (IllegalStateException e) {
        throw new UsageException(e.getMessage());
      }
      err.println("s64 worker " + queue.name() + ": serving its meters on " + metrics.url());
    }
    Emulator emulator = null;
    RedisCoordination shared = null;
    try {
      emulator = api.emulator()
          ? DemoEmulator.start(api.slots(), api.rateLimit(), api.rateWindow()) : null;
      String endpoint = env.apply("SIXTYFOUR_API_ENDPOINT");
      String baseUrl = emulator != null ? emulator.baseUrl()
          : api.baseUrl() != null ? api.baseUrl()
          : endpoint != null && !endpoint.isBlank() ? endpoint.strip() : Sixtyfour.DEFAULT_BASE_URL;
      shared = RedisCoordination.builder(queue.redisUrl(), key.value())
          .rateLimit(api.rateLimit(), api.rateWindow())
          .slots(api.slots())
          .holder(queue.name())
          .connect();
      RedisCoordination coordination = shared;
      MeterRegistry registry = metrics == null ? null : metrics.registry();
      Sixtyfour client = Clients.client(api, baseUrl, key, b -> {
        if (registry != null) {
          b.meterRegistry(registry);
        }
        return coordination.client(b);
      });
      return new Parts(null, shared, client, emulator, key, metrics);
    } catch (RuntimeException e) {
      if (shared != null) {
        shared.close();
      }
      if (emulator != null) {
        emulator.close();
      }
      if (metrics != null) {
        metrics.close();
      }
      throw e;
    }
  }

  private Mono<Integer> work(Parts p) {
    QueueWorker worker = p.queue().worker(queue.name(), queue.claimAfter());
    Tally tally = new Tally();
    AtomicBoolean refused = new AtomicBoolean();
    long start = System.nanoTime();
    Batch batch = Clients.batch(p.client(), api, worker.journal(new QueueLines(), o -> {
      if (o.failure() != null && o.failure().status() == 401) {
        refused.set(true);
      }
      return !refused.get(); // after a refused key, the jobs go to workers with a good one
    }), b -> {
      b.registry(p.shared().registry());
      MetricsEndpoint metrics = p.metrics();
      return metrics == null ? b : b.meterRegistry(metrics.registry());
    });
    Disposable beats = worker.heartbeats().subscribe(n -> { }, e -> err.println(
        "s64: warning: heartbeats stopped: " + e.getMessage()));
    err.println("s64 worker " + queue.name() + ": taking jobs from queue '" + queue.queue()
        + "' at " + Queues.shown(queue.redisUrl()));
    return batch.run(worker.jobs(JobLines::decode, queue.jobs(), queue.untilEmpty()), worker.sink())
        .filter(o -> !worker.lost(o.jobId())) // another worker took it over and ends it
        .doOnNext(tally::add)
        .takeUntilOther(interrupt.fired())
        .then(Mono.just(Boolean.TRUE))
        .onErrorResume(e -> {
          err.println("error: " + e.getMessage());
          return Mono.just(Boolean.FALSE);
        })
        .flatMap(ok -> {
          beats.dispose();
          return worker.leave().onErrorResume(e -> Mono.just(0L)).map(left -> {
            int code = interrupt.isFired() ? ExitCode.INTERRUPTED
                : refused.get() ? ExitCode.AUTHENTICATION
                : ok ? ExitCode.OK : ExitCode.SOME_FAILED;
            report(p, tally, Duration.ofNanos(System.nanoTime() - start), left, code);
            return code;
          });
        })
        .flatMap(code -> close(p).thenReturn(code));
  }

  private void report(Parts p, Tally tally, Duration wall, long handedOver, int code) {
    Map<Outcome.Status, Long> byStatus = tally.byStatus(Map.of());
    StringJoiner counts = new StringJoiner(", ");
    long jobs = 0;
    for (Map.Entry<Outcome.Status, Long> e : byStatus.entrySet()) {
      jobs += e.getValue();
      if (e.getValue() > 0) {
        counts.add(e.getValue() + " " + e.getKey().wire().replace('_', ' '));
      }
    }
    RequestBudget.State budget = p.client().budgetState();
    err.println(String.format(Locale.ROOT,
        "s64 worker %s: %d job%s%s | %d rows | %d requests, %d 429s, %d retries | %s%s",
        queue.name(), jobs, jobs == 1 ? "" : "s", jobs == 0 ? "" : " (" + counts + ")",
        tally.rows(), budget.granted(), budget.rateLimited() + budget.slotsBusy(),
        p.client().retries(), ProgressText.clock(wall),
        handedOver > 0 ? " | " + handedOver + " unfinished job" + (handedOver == 1 ? "" : "s")
            + " handed to the other workers" : ""));
    if (code == ExitCode.AUTHENTICATION) {
      err.println("error: the API refused the key from " + p.key().source() + " (HTTP 401); the"
          + " worker's jobs were handed to the other workers");
    } else if (code == ExitCode.INTERRUPTED) {
      err.println("interrupted; the worker's unfinished jobs were handed to the other workers");
    }
    err.flush();
  }

  private Mono<Void> close(Parts p) {
    Emulator e = p.emulator();
    MetricsEndpoint m = p.metrics();
    return p.client().close().onErrorResume(x -> Mono.empty())
        .then(p.queue().close())
        .then(Mono.<Void>fromRunnable(() -> {
          p.shared().close();
          if (e != null) {
            e.close();
          }
          if (m != null) {
            m.close();
          }
        }).subscribeOn(Schedulers.boundedElastic()));
  }
}

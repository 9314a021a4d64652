package io.s64.emulator.webhook;

import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.s64.emulator.EmulatorConfig;
import io.s64.emulator.ManualClock;
import io.s64.emulator.WebhookRecord;
import io.s64.emulator.http.ApiResponse;
import io.s64.emulator.internal.DurationText;
import io.s64.emulator.internal.Ids;
import io.s64.emulator.internal.Json;
import io.s64.emulator.state.EnrichmentJob;
import io.s64.emulator.state.JobStatus;
import io.s64.emulator.stats.StatsRecorder;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Delivers the terminal event of every enrichment job that has a {@code webhook_url}: a timer
 * ticks every 50 ms of real time and, by the emulator clock, turns jobs that have ended into
 * events and sends the attempts that are due. So a {@link ManualClock} drives deliveries too: a
 * job's event is sent once the clock passes its end, and a retry once the clock passes its backoff.
 *
 * <p>An attempt POSTs the envelope (the same bytes every time) with {@code Sixtyfour-Event-Id}
 * (the same on every attempt), {@code Sixtyfour-Event-Type}, {@code Sixtyfour-Delivery-Attempt}
 * (1, 2, ...) and, with a secret, {@code Sixtyfour-Signature} computed at send time. A 2xx answer
 * delivers the event; a non-2xx answer, a connection error or no answer within the (real-time)
 * timeout schedules the next attempt after the backoff, doubling each time, until the attempt
 * cap, after which the event is given up. Deliveries of different events overlap; one event
 * has at most one attempt in flight.
 *
 * <p>Non-blocking: Reactor Netty's client on the emulator's event loops, state behind short
 * critical sections. The timer thread starts with the first job that has a webhook; {@link
 * #close()} stops it and cancels attempts in flight.
 */
public final class WebhookDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final Duration TICK = Duration.ofMillis(50);
  private static final int MAX_IN_FLIGHT = 256;
  private static final byte[] EMPTY = new byte[0];

  /** One event and its delivery so far; guarded by the dispatcher. */
  private static final class Event {
    final String eventId;
    final EnrichmentJob job;
    final byte[] body;
    Instant nextAttemptAt;
    int attempts;
    boolean inFlight;
    @Nullable Integer lastStatus;
    @Nullable String lastError;
    boolean delivered;
    boolean gaveUp;

    Event(String eventId, EnrichmentJob job) {
      this.eventId = eventId;
      this.job = job;
      this.body = Json.bytes(job.envelope());
      this.nextAttemptAt = job.endsAt();
    }

    WebhookRecord record() {
      return new WebhookRecord(eventId, job.taskId(), job.kind().taskType(),
          job.outcome() == JobStatus.COMPLETED ? "completed" : "failed",
          String.valueOf(job.webhookUrl()), job.endsAt(), attempts,
          inFlight || delivered || gaveUp ? null : nextAttemptAt, lastStatus, lastError,
          delivered, gaveUp);
    }
  }

  /** How one attempt ended: an HTTP status, or an error without one. */
  private record Result(@Nullable Integer status, @Nullable String error) {}

  private final InstantSource clock;
  private final WebhookSigner signer;
  private final Duration timeout;
  private final Duration backoff;
  private final int maxAttempts;
  private final StatsRecorder stats;
  private final Ids ids;
  private final HttpClient http;
  private final Scheduler timer;
  private final Sinks.Empty<Void> firstJob = Sinks.empty();
  private final Disposable ticking;
  private final PriorityQueue<EnrichmentJob> pending =
      new PriorityQueue<>(Comparator.comparing(EnrichmentJob::endsAt));
  private final Map<String, Event> events = new LinkedHashMap<>();
  private final List<Event> active = new ArrayList<>();
  private boolean closed;

  public WebhookDispatcher(EmulatorConfig config, LoopResources loops, StatsRecorder stats,
      Ids ids) {
    this.clock = config.clock();
    this.signer = new WebhookSigner(config.webhookSecret().orElse(null),
        config.webhookSecretOld().orElse(null));
    this.timeout = config.webhookTimeout();
    this.backoff = config.webhookBackoff();
    this.maxAttempts = config.webhookAttempts();
    this.stats = stats;
    this.ids = ids;
    this.http = HttpClient.create(ConnectionProvider.newConnection())
        .runOn(loops)
        .disableRetry(true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
            (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    this.timer = Schedulers.newSingle("s64-emulator-webhooks", true);
    this.ticking = firstJob.asMono()
        .thenMany(Flux.interval(TICK, TICK, timer))
        .onBackpressureDrop()
        .flatMapIterable(tick -> takeDue())
        .flatMap(this::deliver, MAX_IN_FLIGHT)
        .subscribe(null, e -> LOG.error("webhook deliveries stopped", e));
  }

  /** Delivers {@code job}'s terminal event once the clock passes its end. */
  public void schedule(EnrichmentJob job) {
    synchronized (this) {
      if (closed) {
        return;
      }
      pending.add(job);
    }
    firstJob.tryEmitEmpty(); // starts the timer; later calls do nothing
  }

  /** Every event so far, in the order the jobs ended. */
  public synchronized List<WebhookRecord> records() {
    List<WebhookRecord> list = new ArrayList<>(events.size());
    events.values().forEach(e -> list.add(e.record()));
    return list;
  }

  /** Stops the timer and cancels the attempts in flight. */
  public void close() {
    synchronized (this) {
      closed = true;
    }
    ticking.dispose();
    timer.dispose();
  }

  /** Turns ended jobs into events, then marks and returns the events whose attempt is due. */
  private synchronized List<Event> takeDue() {
    if (closed) {
      return List.of();
    }
    Instant now = clock.instant();
    while (!pending.isEmpty() && !pending.peek().endsAt().isAfter(now)) {
      Event event = new Event(ids.uuid(), pending.poll());
      events.put(event.eventId, event);
      active.add(event);
    }
    List<Event> due = new ArrayList<>();
    for (Event event : active) {
      if (!event.inFlight && !event.nextAttemptAt.isAfter(now)) {
        event.inFlight = true;
        due.add(event);
      }
    }
    return due;
  }

  private Mono<Void> deliver(Event event) {
    return Mono.defer(() -> {
      int attempt = startAttempt(event);
      long t = clock.instant().getEpochSecond();
      String signature = signer.header(t, event.body);
      return http
          .headers(h -> {
            h.set(HttpHeaderNames.CONTENT_TYPE, ApiResponse.JSON);
            h.set(HttpHeaderNames.CONTENT_LENGTH, event.body.length);
            h.set("Sixtyfour-Event-Id", event.eventId);
            h.set("Sixtyfour-Event-Type", event.job.kind().taskType());
            h.set("Sixtyfour-Delivery-Attempt", attempt);
            if (signature != null) {
              h.set("Sixtyfour-Signature", signature);
            }
          })
          .post()
          .uri(String.valueOf(event.job.webhookUrl()))
          .send((request, out) -> out.sendByteArray(Mono.just(event.body)))
          .responseSingle((response, content) -> content.asByteArray()
              .defaultIfEmpty(EMPTY)
              .map(ignored -> new Result(response.status().code(), null)))
          .timeout(timeout, timer)
          .onErrorResume(e -> Mono.just(new Result(null, describe(e))))
          .defaultIfEmpty(new Result(null, "no response"));
    })
        .doOnNext(result -> finish(event, result))
        .then();
  }

  private synchronized int startAttempt(Event event) {
    event.attempts++;
    stats.webhookAttempt();
    return event.attempts;
  }

  private synchronized void finish(Event event, Result result) {
    event.inFlight = false;
    event.lastStatus = result.status();
    event.lastError = result.error();
    if (result.status() != null && result.status() / 100 == 2) {
      event.delivered = true;
      active.remove(event);
      stats.webhookDelivered();
    } else if (event.attempts >= maxAttempts) {
      event.gaveUp = true;
      active.remove(event);
      stats.webhookFailed();
    } else {
      event.nextAttemptAt =
          clock.instant().plus(backoff.multipliedBy(1L << (event.attempts - 1)));
    }
  }

  private String describe(Throwable e) {
    if (e instanceof TimeoutException) {
      return "no response within " + DurationText.format(timeout);
    }
    return e.getMessage() == null
        ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}

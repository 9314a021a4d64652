package io.s64.internal;

import io.s64.error.ApiException;
import io.s64.error.DecodeException;
import io.s64.error.RateLimitedException;
import io.s64.error.S64Exception;
import io.s64.http.HttpTransport;
import io.s64.http.HttpTransport.Request;
import io.s64.http.HttpTransport.Response;
import io.s64.limits.RequestBudget;
import io.s64.limits.RequestBudget.ServerLimits;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * One API call, start to finish: a ticket from the request budget, the exchange, the response
 * reported back to the budget, the status mapped to a result or a typed error, and retries.
 * Everything about the operation (method, path, lane, retry rule, decoder) comes from its {@link
 * Endpoint}.
 *
 * <p>Retries: a rate 429 goes again at once, and the budget holds it until the announced reset; a
 * transient failure (5xx, connection error, timeout, malformed body) goes again after the retry
 * rules' backoff, on the scheduler; anything else is final. The request is built once, so a
 * retried start carries the same {@code search_id}. An endpoint declared {@link
 * Endpoint.Retry#ONLY_IF_NOT_ACTED_ON} is retried only after a failure that proves nothing was
 * done ({@link #certainlyNotActedOn}).
 */
public final class Caller {
  private static final Logger log = LoggerFactory.getLogger(Caller.class);

  private final HttpTransport transport;
  private final RequestBudget budget;
  private final RetryRules rules;
  private final Scheduler scheduler;
  private final Map<String, String> authHeaders;
  private final Redactor redactor;
  private final AtomicLong retries = new AtomicLong();
  private final java.util.function.BooleanSupplier mayGo;
  private final ClientMeters meters;

  public Caller(HttpTransport transport, RequestBudget budget, RetryRules rules,
      Scheduler scheduler, String apiKey, ClientMeters meters) {
    this.meters = meters;
    this.transport = transport;
    this.budget = budget;
    this.rules = rules;
    this.scheduler = scheduler;
    this.authHeaders = Map.of("x-api-key", apiKey, "accept", "application/json");
    this.redactor = new Redactor(apiKey);
    this.mayGo = () -> !budget.paused();
  }

  /** Requests retried so far (failures and rate-limit waits). */
  public long retries() {
    return retries.get();
  }

  public Redactor redactor() {
    return redactor;
  }

  /** Calls {@code endpoint} with {@code args}, retrying as the endpoint's declaration allows. */
  public <T> Mono<T> call(Endpoint<T> endpoint, Args args) {
    String path = withQuery(endpoint.expand(args.values()), args);
    Map<String, String> headers = authHeaders;
    if (!args.headers().isEmpty()) {
      headers = new java.util.HashMap<>(args.headers());
      headers.putAll(authHeaders);
    }
    boolean mayMeanSlotsBusy =
        endpoint.tooManyRequests() == Endpoint.TooManyRequests.MAY_MEAN_SLOTS_BUSY;
    Request request = new Request(endpoint.method().name(), path, headers, args.body(), mayGo,
        head -> pauseAtOnce(head, mayMeanSlotsBusy));
    Call<T> call = new Call<>(endpoint, args, request, endpoint.method() + " " + operationPath(path));
    return Mono.defer(() -> attempt(call, Tally.NONE));
  }

  /**
   * Pauses the key the moment a rate 429's head is read, on the I/O thread that read it: other
   * requests ask the budget at the wire whether they may go ({@code mayGo}), and must hear of the
   * pause before they are written, not once the response has made its way to the caller. A 429
   * that may mean "slots busy" pauses only when its headers say the window is spent; without a
   * readable {@code X-RateLimit-Remaining} it waits for its body, as before.
   */
  private void pauseAtOnce(Response head, boolean mayMeanSlotsBusy) {
    if (head.status() != 429) {
      return;
    }
    ServerLimits limits = ServerHeaders.limits(head, scheduler.now(TimeUnit.MILLISECONDS));
    if (!mayMeanSlotsBusy || limits.remaining() != null && limits.remaining() == 0) {
      budget.pauseFor(limits);
    }
  }

  /**
   * One call in progress: its declaration, its arguments, the request built once for all its
   * attempts, and its name in messages (the method and the path with its parameters filled).
   */
  private record Call<T>(Endpoint<T> endpoint, Args args, Request request, String op) {
    /** The search a 429 may say could not start for want of a slot, or null. */
    @Nullable String startedSearchId() {
      return endpoint.tooManyRequests() == Endpoint.TooManyRequests.MAY_MEAN_SLOTS_BUSY
          ? args.searchId() : null;
    }
  }

  /** The retries one call has spent so far. */
  private record Tally(int failures, int rateLimitWaits) {
    static final Tally NONE = new Tally(0, 0);

    Tally afterFailure() {
      return new Tally(failures + 1, rateLimitWaits);
    }

    Tally afterRateLimitWait() {
      return new Tally(failures, rateLimitWaits + 1);
    }
  }

  /**
   * One attempt, and the next one if this one fails in a way worth repeating. Recursion through
   * {@code onErrorResume} costs nothing on the path without errors (unlike {@code retryWhen},
   * which builds a companion publisher for every call).
   */
  private <T> Mono<T> attempt(Call<T> call, Tally tally) {
    return once(call).onErrorResume(failure -> {
      boolean mayRepeat = call.endpoint().retry() == Endpoint.Retry.ANY_TRANSIENT
          || certainlyNotActedOn(failure);
      Mono<T> again = mayRepeat ? next(call, failure, tally) : null;
      return again == null ? Mono.error(failure) : again;
    });
  }

  /**
   * A failure that proves the server did not perform the request: a 429 (rate or slots), a 503
   * (in this API "backend endpoint is not configured": the request reached nothing that could act
   * on it), a connection that could not be made, or a request the transport never sent. Any other
   * failure, 500, 502 and 504 included, may come after the work was done.
   */
  public static boolean certainlyNotActedOn(Throwable failure) {
    if (failure instanceof RateLimitedException || failure instanceof HttpTransport.NotSent) {
      return true;
    }
    if (failure instanceof ApiException a) {
      return a.status() == 429 || a.status() == 503;
    }
    return failure instanceof io.s64.error.TransportException
        && failure.getCause() instanceof java.net.ConnectException;
  }

  /** The next attempt, after its wait, or null when the failure is final. */
  private <T> @Nullable Mono<T> next(Call<T> call, Throwable failure, Tally tally) {
    if (failure instanceof RateLimitedException r && !r.slotsBusy()
        || failure instanceof HttpTransport.NotSent) {
      // Nothing was done: the budget holds the next attempt until the announced reset.
      if (tally.rateLimitWaits() < rules.maxRateLimitWaits()) {
        retries.incrementAndGet();
        meters.retry(call.endpoint(), true);
        return Mono.defer(() -> attempt(call, tally.afterRateLimitWait()));
      }
      return null;
    }
    boolean transient_ = failure instanceof S64Exception s && s.isRetryable()
        && !(failure instanceof RateLimitedException r && r.slotsBusy());
    Tally after = tally.afterFailure();
    if (transient_ && after.failures() < rules.maxAttempts()) {
      Duration wait = rules.backoff().apply(after.failures() - 1);
      retries.incrementAndGet();
      meters.retry(call.endpoint(), false);
      log.debug("{} failed ({}); retry {} in {} ms", call.op(), failure.getMessage(),
          after.failures(), wait.toMillis());
      return Mono.delay(wait, scheduler).then(Mono.defer(() -> attempt(call, after)));
    }
    return null;
  }

  private <T> Mono<T> once(Call<T> call) {
    return Mono.deferContextual(ctx -> budget.acquire(call.endpoint().lane())
        .doOnNext(ticket -> RequestCounter.increment(ctx)))
        .flatMap(ticket -> {
          // Exactly one of onResponse / onNoResponse per ticket, whatever the transport does (one
          // that completes empty included) and whatever throws: with requests in flight capped, a
          // ticket left open would hold a place on the wire forever. So the report is read in full
          // before the ticket is marked ended: if reading throws, the ticket is still open and the
          // error ends it below.
          AtomicBoolean ended = new AtomicBoolean();
          long sentAt = scheduler.now(TimeUnit.NANOSECONDS);
          Runnable noResponse = () -> {
            if (ended.compareAndSet(false, true)) {
              ticket.onNoResponse();
              meters.noResponse(call.endpoint(), since(sentAt));
            }
          };
          return Mono.defer(() -> transport.exchange(call.request()))
              .doOnNext(r -> {
                ServerLimits limits = ServerHeaders.limits(r, scheduler.now(TimeUnit.MILLISECONDS));
                boolean busy = r.status() == 429 && call.startedSearchId() != null && slotsBusy(r, limits);
                if (ended.compareAndSet(false, true)) {
                  ticket.onResponse(r.status(), limits, busy);
                  meters.response(call.endpoint(), r.status(), since(sentAt));
                  if (r.status() == 429) {
                    meters.tooManyRequests(busy);
                  }
                }
              })
              .doOnError(e -> {
                if (e instanceof HttpTransport.NotSent && ended.compareAndSet(false, true)) {
                  ticket.onNoResponse(); // never on the wire: not a request the server saw
                }
                noResponse.run();
              })
              .doOnCancel(noResponse)
              .doFinally(signal -> noResponse.run());
        })
        .map(r -> interpret(r, call));
  }

  private Duration since(long nanos) {
    return Duration.ofNanos(Math.max(0, scheduler.now(TimeUnit.NANOSECONDS) - nanos));
  }

  /** The client's meters, for what it measures outside a single request (page latency). */
  public ClientMeters meters() {
    return meters;
  }

  private <T> T interpret(Response r, Call<T> call) {
    String op = call.op();
    String startedSearchId = call.startedSearchId();
    int status = r.status();
    if (status >= 200 && status < 300) {
      try {
        return call.endpoint().decode(r, call.args());
      } catch (DecodeException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new DecodeException(op + ": unexpected response body (" + e.getClass().getSimpleName()
            + ")", e);
      }
    }
    if (status == 429) {
      long now = scheduler.now(TimeUnit.MILLISECONDS);
      ServerLimits limits = ServerHeaders.limits(r, now);
      if (startedSearchId != null && slotsBusy(r, limits)) {
        throw RateLimitedException.slotsBusy(startedSearchId);
      }
      throw new RateLimitedException(op,
          limits.retryAfter() != null ? limits.retryAfter() : limits.resetAt());
    }
    throw Decode.error(r, op, redactor);
  }

  /**
   * A 429 on a start means "slots busy" when the window still has room, or, without a usable
   * {@code X-RateLimit-Remaining}, when the detail talks about concurrent searches.
   */
  static boolean slotsBusy(Response r, ServerLimits limits) {
    if (limits.remaining() != null) {
      return limits.remaining() > 0;
    }
    String detail = Decode.detailText(r).toLowerCase(Locale.ROOT);
    return detail.contains("concurrent") || detail.contains("slot");
  }

  /** The path with the call's optional query parameters appended, each value encoded. */
  private static String withQuery(String path, Args args) {
    if (args.query().isEmpty()) {
      return path;
    }
    StringBuilder out = new StringBuilder(path);
    char sep = path.indexOf('?') < 0 ? '?' : '&';
    for (Map.Entry<String, String> p : args.query()) {
      out.append(sep).append(p.getKey()).append('=')
          .append(java.net.URLEncoder.encode(p.getValue(), java.nio.charset.StandardCharsets.UTF_8));
      sep = '&';
    }
    return out.toString();
  }

  /** The path without its query string (which may hold ids, never secrets, but stays short). */
  private static String operationPath(String path) {
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }

  /** Whether an error means the batch must stop: the key itself is rejected. */
  public static boolean isFatal(Throwable e) {
    return e instanceof ApiException api && api.isAuthentication();
  }

  /** For messages: an API error's status, or 0. */
  public static int statusOf(Throwable e) {
    return e instanceof ApiException ? ((ApiException) e).status() : 0;
  }
}

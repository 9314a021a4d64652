package io.s64.redis;

import io.s64.Sixtyfour;
import io.s64.batch.Batch;
import io.s64.error.ConfigurationException;
import io.s64.limits.RequestBudget;
import io.s64.limits.SearchSlots;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The shared limits of one API key, kept in Redis, for any number of processes: one {@linkplain
 * #budget() request budget} and one set of {@linkplain #slots() deep-search slots}. Give them to
 * {@link Sixtyfour#builder()} in every replica — same Redis URL, same key — and the replicas
 * together stay within the key's rate and the organization's slots, with no other change:
 *
 * <pre>{@code
 * RedisCoordination redis = RedisCoordination.connect(redisUrl, apiKey);
 * Sixtyfour client = redis.client(Sixtyfour.builder().apiKey(apiKey));
 * }</pre>
 *
 * <p><b>Sharing.</b> Create one per process and key, at start-up ({@link #connect} opens its
 * connections before it returns), and close it at shutdown. It is thread-safe.
 *
 * <p><b>What is shared.</b> The budget's token bucket (Bucket4j, in Redis), its mirror of the
 * server's window and the pause after a 429; the slots as leases with a heartbeat and a fencing
 * token. A process that dies leaves its searches running on the server: their leases are adopted
 * by a live process, which polls each to its end (through the client given to {@link
 * #client(Sixtyfour.Builder)} or {@link #adoptWith(Sixtyfour)}) and then frees the slot.
 *
 * <p><b>Redis away.</b> No token, no request: requests wait, and go on when Redis answers again.
 * Nothing fails for it.
 *
 * <p><b>Privacy.</b> Redis never sees the API key: every key is named by a salted digest of it.
 */
public final class RedisCoordination implements AutoCloseable {
  private final RedisLink link;
  private final SharedRequestBudget budget;
  private final LeasedSearchSlots slots;
  private final SharedRunRegistry registry;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RedisCoordination(Builder b) {
    this.link = new RedisLink(b.redisUrl, KeySpace.of(b.apiKey, b.namespace));
    try {
      int reserve = b.reserve >= 0 ? b.reserve : Math.min(b.slots, b.rateLimit / 10);
      this.budget = new SharedRequestBudget(link, b.rateLimit, b.rateWindow, b.maxInFlight,
          reserve, b.scheduler);
      this.slots = new LeasedSearchSlots(link, b.slots, b.holder, b.leaseTtl, b.adoptPoll,
          b.startGrace, b.scheduler);
      this.registry = new SharedRunRegistry(link);
    } catch (RuntimeException e) {
      link.close();
      throw e;
    }
  }

  /** Connects with the defaults: 500 requests per minute, 5 slots. */
  public static RedisCoordination connect(String redisUrl, String apiKey) {
    return builder(redisUrl, apiKey).connect();
  }

  /**
   * A builder.
   *
   * @param redisUrl {@code redis://[:password@]host[:port][/db]}, or {@code rediss://…} for TLS
   * @param apiKey the key whose limits are shared; only a salted digest of it reaches Redis
   */
  public static Builder builder(String redisUrl, String apiKey) {
    return new Builder(redisUrl, apiKey);
  }

  /** The shared request budget: give it to {@link Sixtyfour.Builder#budget}. */
  public RequestBudget budget() {
    return budget;
  }

  /** The shared deep-search slots: give them to {@link Sixtyfour.Builder#slots(SearchSlots)}. */
  public SearchSlots slots() {
    return slots;
  }

  /**
   * The shared export registry and dedup of deep searches: give it to {@link
   * io.s64.batch.Batch.Builder#registry}, so that a 409 caused by another process's export attaches
   * to that export, and identical deep search jobs in several processes start one search.
   */
  public Batch.Registry registry() {
    return registry;
  }

  /**
   * Builds a client on the shared budget and slots, and adopts orphaned searches through it: the
   * one call a replica needs.
   */
  public Sixtyfour client(Sixtyfour.Builder builder) {
    Sixtyfour client = builder.budget(budget).slots(slots).build();
    adoptWith(client);
    return client;
  }

  /**
   * Polls the searches of dead processes through {@code client} (from now on), freeing their slots
   * when they end. Without a client this process adopts nothing (the others still do).
   */
  public RedisCoordination adoptWith(Sixtyfour client) {
    slots.adoptWith(client::searchStatus);
    return this;
  }

  /** A snapshot of what Redis holds for the key: leases, tokens, the server window, the pause. */
  public Mono<CoordinationStatus> status() {
    return Mono.zip(slots.leases(), budget.snapshot())
        .map(t -> new CoordinationStatus(slots.capacity(), t.getT1(), t.getT2().tokens(),
            t.getT2().windowAllowance(), t.getT2().windowEnd(), t.getT2().inFlight(),
            t.getT2().pausedUntil()));
  }

  /** Stops the heartbeat and closes the connections. Leases still held are adopted by others. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      slots.close();
      link.close();
    }
  }

  @Override
  public String toString() {
    return "RedisCoordination[" + budget + ", " + slots + "]";
  }

  /** Settings of a {@link RedisCoordination}; every process on a key must use the same limits. */
  public static final class Builder {
    private final String redisUrl;
    private final String apiKey;
    private String namespace = "";
    private int rateLimit = 500;
    private Duration rateWindow = Duration.ofSeconds(60);
    private int maxInFlight = 128;
    private int reserve = -1;
    private int slots = 5;
    private Duration leaseTtl = Duration.ofSeconds(15);
    private Duration adoptPoll = Duration.ofSeconds(10);
    private Duration startGrace = Duration.ofMinutes(2);
    private String holder = defaultHolder();
    private Scheduler scheduler = Schedulers.parallel();

    private Builder(String redisUrl, String apiKey) {
      if (redisUrl == null || !(redisUrl.startsWith("redis://") || redisUrl.startsWith("rediss://"))) {
        throw new ConfigurationException("redis URL must start with redis:// or rediss://");
      }
      if (apiKey == null || apiKey.isBlank()) {
        throw new ConfigurationException("apiKey must not be blank");
      }
      this.redisUrl = redisUrl;
      this.apiKey = apiKey;
    }

    /** Separates deployments sharing one Redis and one key (default: none). */
    public Builder namespace(String name) {
      this.namespace = name;
      return this;
    }

    /** The key's rate: {@code limit} requests per {@code window} (default 500 per minute). */
    public Builder rateLimit(int limit, Duration window) {
      if (limit < 1) {
        throw new ConfigurationException("rate limit must be at least 1 but was " + limit);
      }
      if (window.isNegative() || window.isZero()) {
        throw new ConfigurationException("rate window must be positive but was " + window);
      }
      this.rateLimit = limit;
      this.rateWindow = window;
      return this;
    }

    /** Requests this process keeps on the wire at once (default 128, the client's pool). */
    public Builder maxInFlight(int n) {
      if (n < 1) {
        throw new ConfigurationException("maxInFlight must be at least 1 but was " + n);
      }
      this.maxInFlight = n;
      return this;
    }

    /**
     * Tokens that only slot work may take (default: one per slot, at most a tenth of the limit):
     * bulk and continuation work of every process leaves them for starts and polls.
     */
    public Builder slotReserve(int tokens) {
      if (tokens < 0) {
        throw new ConfigurationException("slotReserve must be at least 0 but was " + tokens);
      }
      this.reserve = tokens;
      return this;
    }

    /** The organization's deep-search slots (default 5). */
    public Builder slots(int n) {
      if (n < 1) {
        throw new ConfigurationException("slots must be at least 1 but was " + n);
      }
      this.slots = n;
      return this;
    }

    /**
     * How long a slot lease lives without a heartbeat (default 15 s; renewed every third of it):
     * how soon a dead process's searches are adopted.
     */
    public Builder leaseTtl(Duration ttl) {
      if (ttl.toMillis() < 30) {
        throw new ConfigurationException("leaseTtl must be at least 30 ms but was " + ttl);
      }
      this.leaseTtl = ttl;
      return this;
    }

    /** How often an adopted search is polled (default 10 s, the documented cadence). */
    public Builder adoptPoll(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new ConfigurationException("adoptPoll must be positive but was " + interval);
      }
      this.adoptPoll = interval;
      return this;
    }

    /**
     * How long an adopted lease whose search never reported a task is kept before it is freed
     * (default 2 minutes: longer than a start's retries).
     */
    public Builder startGrace(Duration grace) {
      this.startGrace = grace;
      return this;
    }

    /** This process's name in the leases (default: host, pid and a random part). */
    public Builder holder(String name) {
      if (name.isBlank() || name.contains("|")) {
        throw new ConfigurationException("holder must be non-blank and without '|'");
      }
      this.holder = name;
      return this;
    }

    /** The timer of heartbeats, retries and wake-ups (default {@link Schedulers#parallel()}). */
    public Builder scheduler(Scheduler s) {
      this.scheduler = s;
      return this;
    }

    /** Connects (blocking until Redis answers or the connection fails). */
    public RedisCoordination connect() {
      return new RedisCoordination(this);
    }

    private static String defaultHolder() {
      return "pid-" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
    }
  }
}

package io.s64.batch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.s64.internal.Json;
import io.s64.model.DeepSearchRequest;
import io.s64.model.QueryRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Single flight for the jobs of one run that ask for the same thing: the first one runs (it
 * <em>leads</em>), and the others wait for its outcome and end with its fate, so a request is never
 * searched for twice at once and a duplicate never reads as a success its original did not have.
 *
 * <ul>
 *   <li>An original that completes is remembered: a later job asking the same is its duplicate at
 *       once. Completed requests live in a Caffeine cache bounded by size, keyed by a 64-bit digest
 *       of the normalised request (about 150 bytes an entry), so memory stays flat however many
 *       jobs pass; beyond the bound, requests seen long ago may run again.
 *   <li>An original that ends failed, timed out or cancelled is forgotten: the jobs that waited
 *       for it take its outcome (they never start a search of their own), and a job asking the same
 *       later runs again.
 *   <li>An original cancelled before it sent anything (see {@link #settle}) hands its request to
 *       the first job waiting for it, which runs in its place; the others wait for that one.
 * </ul>
 *
 * <p>Requests under way, with the jobs waiting for them, are held only while their original runs:
 * at most the run's concurrency of them, since every job waiting holds one of its places. The
 * state is guarded by this object's lock, held only to update it; verdicts are delivered outside
 * it.
 */
final class Dedup {
  private final @Nullable Cache<Long, String> completed;
  /** Requests under way, by digest. */
  private final Map<Long, Flight> flights = new HashMap<>();

  Dedup(boolean enabled, long capacity) {
    this.completed = enabled ? Caffeine.newBuilder().maximumSize(capacity).build() : null;
  }

  /** What a job does about the request it makes. */
  sealed interface Claim permits Leads, Repeats, Follows {}

  /**
   * The job runs. {@code flight} is null when nobody follows it: dedup is off, or another job has
   * the request and this one resumes its own work of an earlier run.
   */
  record Leads(@Nullable Flight flight) implements Claim {}

  /** The same request completed earlier in this run: the job is its duplicate at once. */
  record Repeats(String original) implements Claim {}

  /** The same request is under way: the job waits for what becomes of it. */
  record Follows(Flight flight, Follower follower) implements Claim {}

  /** What a follower learns. */
  sealed interface Verdict permits Ended, Lead {}

  /** The original ended so: the follower ends with it. */
  record Ended(Outcome original) implements Verdict {}

  /** The original went away before sending anything: the follower runs in its place. */
  record Lead() implements Verdict {}

  /** A request under way: who runs it and who waits for it. Guarded by the {@link Dedup}. */
  static final class Flight {
    private final long key;
    private volatile String original;
    private final ArrayDeque<Follower> followers = new ArrayDeque<>();
    /** The follower chosen to run in the original's place that has not taken over yet. */
    private @Nullable Follower heir;
    private boolean over;

    private Flight(long key, String original) {
      this.key = key;
      this.original = original;
    }

    /** The job that runs the request now. */
    String original() {
      return original;
    }
  }

  /** A job waiting for a flight: its verdict, and the signal that its outcome is recorded. */
  static final class Follower {
    private final String jobId;
    private final Sinks.One<Verdict> verdict = Sinks.one();
    private final Sinks.Empty<Void> recorded = Sinks.empty();

    private Follower(String jobId) {
      this.jobId = jobId;
    }
  }

  /** Decides what the job does: lead its request, repeat a completed one, or follow one under way. */
  Claim claim(Job job) {
    if (completed == null) {
      return new Leads(null);
    }
    long key = digest(key(job));
    synchronized (this) {
      String done = completed.getIfPresent(key);
      Flight flight = flights.get(key);
      if (done == null && flight == null) {
        flight = new Flight(key, job.id());
        flights.put(key, flight);
        return new Leads(flight);
      }
      // A job that resumes its own earlier work (a search it started, rows it wrote) goes on with
      // it: as a duplicate its rows would belong to nobody.
      if (job.resume() != null || job.id().equals(done) || flight != null && job.id().equals(flight.original)) {
        return new Leads(null);
      }
      if (done != null) {
        return new Repeats(done);
      }
      Follower follower = new Follower(job.id());
      flight.followers.add(follower);
      return new Follows(flight, follower);
    }
  }

  /** The follower's verdict; cancelling the wait leaves the flight. */
  Mono<Verdict> verdict(Follows f) {
    return f.follower.verdict.asMono().doOnCancel(() -> leave(f));
  }

  /** The follower, told to {@link Lead}, now runs the request. */
  synchronized Leads takeOver(Follows f) {
    if (f.flight.heir == f.follower) {
      f.flight.heir = null;
    }
    return new Leads(f.flight);
  }

  /**
   * The original's outcome: tells every follower, or, when the original was cancelled before it
   * sent anything ({@code sentNothing}) and the run goes on, makes the first follower lead
   * instead. A completed request is remembered; any other is forgotten.
   *
   * @return completes once the followers told have recorded their outcomes: the original records
   *     its own after them, so a journal never holds an original's outcome without its duplicates'
   */
  Mono<Void> settle(Leads leads, Outcome outcome, boolean sentNothing) {
    Flight flight = leads.flight();
    if (flight == null) {
      return Mono.empty();
    }
    Follower heir = null;
    List<Follower> told;
    synchronized (this) {
      if (flight.over || !flight.original.equals(outcome.jobId())) {
        return Mono.empty();
      }
      if (sentNothing && outcome.status() == Outcome.Status.CANCELLED && !flight.followers.isEmpty()) {
        heir = flight.followers.poll();
        flight.heir = heir;
        flight.original = heir.jobId;
        told = List.of();
      } else {
        told = end(flight);
        if (outcome.status() == Outcome.Status.COMPLETED) {
          completed.put(flight.key, flight.original);
        }
      }
    }
    if (heir != null) {
      heir.verdict.tryEmitValue(new Lead());
      return Mono.empty();
    }
    List<Mono<Void>> recorded = new ArrayList<>(told.size());
    for (Follower f : told) {
      f.verdict.tryEmitValue(new Ended(outcome));
      recorded.add(f.recorded.asMono());
    }
    return Mono.when(recorded);
  }

  /**
   * The job is done with its claim, however it ended: a follower's outcome is recorded; an
   * original that went away without an outcome is forgotten. Only the run's end takes a job away
   * without an outcome (a stop or a cancelled subscription), and that ends its followers too:
   * they are not told anything, so a cancelled run records no outcome for them either.
   */
  void release(Claim claim, String jobId) {
    if (claim instanceof Follows f) {
      f.follower.recorded.tryEmitEmpty();
    } else if (claim instanceof Leads l && l.flight() != null) {
      synchronized (this) {
        Flight flight = l.flight();
        if (!flight.over && flight.original.equals(jobId)) {
          end(flight);
        }
      }
    }
  }

  /** A follower stops waiting (the run ends); if it had been chosen to lead, the flight ends too. */
  private synchronized void leave(Follows f) {
    Flight flight = f.flight;
    if (!flight.followers.remove(f.follower) && flight.heir == f.follower && !flight.over) {
      end(flight);
    }
  }

  /** Ends a flight: forgets it and returns the followers still waiting. Holding the lock. */
  private List<Follower> end(Flight flight) {
    flight.over = true;
    flight.heir = null;
    flights.remove(flight.key, flight);
    List<Follower> waiting = new ArrayList<>(flight.followers);
    flight.followers.clear();
    return waiting;
  }

  /** Requests under way (for tests: nothing is left behind once their originals end). */
  synchronized int underWay() {
    return flights.size();
  }

  /** The first 64 bits of the SHA-256 of a key: collisions are negligible at cache sizes. */
  static long digest(String key) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (d[i] & 0xff);
      }
      return v;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }

  /** What makes two jobs the same: the request, normalised; never the job id or page size. */
  static String key(Job job) {
    switch (job.kind()) {
      case DEEP: {
        DeepSearchRequest d = job.deep();
        return "deep|" + normalise(d.query()) + "|" + d.mode() + "|" + d.maxResults() + "|"
            + d.outputMode() + "|" + sorted(d.excludePublicIds()) + sorted(d.excludeEntityIds())
            + sorted(d.excludeListIds());
      }
      case FILTER:
      case REQUERY: {
        QueryRequest q = job.query();
        Object value = q.source() == QueryRequest.Source.QUERY ? normalise((String) q.value()) : q.value();
        return "query|" + q.source() + "|" + Json.canonical(value) + "|" + q.mode() + "|"
            + q.maxResults() + "|" + sorted(q.excludePublicIds()) + sorted(q.excludeEntityIds())
            + sorted(q.excludeListIds());
      }
      case EXPORT:
        return "export|" + job.exportSearchId();
      case PEOPLE_INTELLIGENCE:
        return "people|" + Json.canonical(job.people());
      case COMPANY_INTELLIGENCE:
        return "company|" + Json.canonical(job.company());
      default:
        return "invalid|" + job.id();
    }
  }

  private static String normalise(String text) {
    return text.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  private static List<String> sorted(List<String> ids) {
    if (ids.size() < 2) {
      return ids;
    }
    List<String> copy = new ArrayList<>(ids);
    Collections.sort(copy);
    return copy;
  }
}

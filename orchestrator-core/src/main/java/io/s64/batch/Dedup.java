package io.s64.batch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.s64.job.Job;
import io.s64.job.Outcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
 *   <li>An original that completes is remembered for the rest of the run, exactly: a later job
 *       asking the same is its duplicate at once, however many jobs came between them.
 *   <li>An original that ends failed, timed out or cancelled is forgotten: the jobs that waited
 *       for it take its outcome (they never start a search of their own), and a job asking the same
 *       later runs again.
 *   <li>An original cancelled before it sent anything (see {@link #settle}) hands its request to
 *       the first job waiting for it, which runs in its place; the others wait for that one.
 * </ul>
 *
 * <p><b>Memory.</b> Requests are known by their {@link Digest} (128 bits of a SHA-256), never by
 * their text. Remembering completed requests takes two structures, because knowing that a request
 * completed and knowing which job completed it have different prices:
 *
 * <ul>
 *   <li><em>Whether</em> it completed: a {@link DigestSet}, exact for the whole run at about 16
 *       bytes a request (16 MB for a million). This alone decides that a job is a duplicate, so
 *       no request completed in the run is ever searched for again.
 *   <li><em>Which</em> job completed it: a Caffeine cache from digest to job id, bounded by the
 *       capacity (about 150 bytes an entry, the id included). A duplicate names its original when
 *       the cache still holds it; when it does not, the duplicate still ends {@code duplicate}, with
 *       no {@code duplicate_of} and a message saying it repeats an earlier job of the run.
 * </ul>
 *
 * <p>Keeping every original's id instead would cost what an entry of the cache costs, about 150
 * bytes a request and 150 MB for a million, which a run streaming a large file cannot afford;
 * keeping only the bounded cache, as before, let a request seen long ago be searched for, and paid
 * for, again. The set makes the promise exact; the cache only decides how well it is explained.
 *
 * <p>Requests under way, with the jobs waiting for them, are held only while their original runs:
 * at most the run's concurrency of them, since every job waiting holds one of its places. The
 * state is guarded by this object's lock, held only to update it; verdicts are delivered outside
 * it.
 */
final class Dedup {
  /** Every request completed in the run; null when dedup is off. */
  private final @Nullable DigestSet completed;
  /** The job that completed each request, for as many requests as the capacity allows. */
  private final Cache<Digest, String> originals;
  /** Requests under way, by digest. */
  private final Map<Digest, Flight> flights = new HashMap<>();

  /**
   * @param enabled whether jobs asking the same are deduplicated at all
   * @param namedOriginals how many originals a duplicate can still name (the rest are known only
   *     as completed)
   */
  Dedup(boolean enabled, long namedOriginals) {
    this.completed = enabled ? new DigestSet() : null;
    // Evictions run on the caller's thread, under this object's lock: no pool thread, and which
    // originals are still named depends on the run alone.
    this.originals = Caffeine.newBuilder().maximumSize(enabled ? namedOriginals : 0)
        .executor(Runnable::run).build();
  }

  /** What a job does about the request it makes. */
  sealed interface Claim permits Leads, Repeats, Follows {}

  /**
   * The job runs. {@code flight} is null when nobody follows it: dedup is off, or another job has
   * the request and this one resumes its own work of an earlier run.
   */
  record Leads(@Nullable Flight flight) implements Claim {}

  /**
   * The same request completed earlier in this run: the job is its duplicate at once. {@code
   * original} is the job that completed it, or null when that is too far back to be named.
   */
  record Repeats(@Nullable String original) implements Claim {}

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
    private final Digest key;
    private volatile String original;
    private final ArrayDeque<Follower> followers = new ArrayDeque<>();
    /** The follower chosen to run in the original's place that has not taken over yet. */
    private @Nullable Follower heir;
    private boolean over;

    private Flight(Digest key, String original) {
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

  /**
   * Decides what the job does: lead its request, repeat a completed one, or follow one under way.
   *
   * @param requestKey what makes jobs the same ({@link Flow#dedupKey}), or null when the job is
   *     never a duplicate
   */
  Claim claim(Job job, @Nullable String requestKey) {
    if (completed == null || requestKey == null) {
      return new Leads(null);
    }
    Digest key = Digest.of(requestKey);
    synchronized (this) {
      boolean done = completed.contains(key);
      Flight flight = flights.get(key);
      if (!done && flight == null) {
        flight = new Flight(key, job.id());
        flights.put(key, flight);
        return new Leads(flight);
      }
      String original = done ? originals.getIfPresent(key) : null;
      // A job that resumes its own earlier work (a search it started, rows it wrote) goes on with
      // it: as a duplicate its rows would belong to nobody.
      if (job.resume() != null || job.id().equals(original)
          || flight != null && job.id().equals(flight.original)) {
        return new Leads(null);
      }
      if (done) {
        return new Repeats(original);
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
        if (outcome.status() == Outcome.Status.COMPLETED && completed != null) {
          completed.add(flight.key);
          originals.put(flight.key, flight.original);
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
}

package io.s64.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.s64.RetryPolicy;
import io.s64.Sixtyfour;
import io.s64.http.HttpTransport;
import io.s64.batch.Batch;
import io.s64.sink.RowSink;
import io.s64.job.Job;
import io.s64.job.Outcome;
import io.s64.emulator.Emulator;
import io.s64.emulator.EmulatorConfig;
import io.s64.emulator.EmulatorStats;
import io.s64.emulator.FaultKind;
import io.s64.model.DeepSearchRequest;
import io.s64.model.DeepSearchRequest.Mode;
import io.s64.model.QueryRequest;
import io.s64.model.Row;
import io.s64.poll.PollSchedule;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The chaos soak: deep and filter jobs against the emulator with every fault kind on (at least
 * 15 % of API responses faulty: 500s, HTML 502s, 503s, connection resets, lost starts, responses
 * slower than the client's timeout, 500s after the request was processed), windows spent by
 * another client of the key (429 until the reset), short and empty pages, a sink slower than a
 * cursor lives, cursors that expire, cut downloads, and FAILME searches. Three batches share one
 * client: one reads deep-search results and filter searches as pages, one reads deep-search
 * results as CSV files, and one reads a few filter searches without read-ahead through a sink
 * slower than a cursor lives, so that their cursors expire and the reads start over by search id.
 * Each of those conditions is asserted to have happened, from the emulator's own counters (and
 * the test's count of slow writes): a soak in which a fault never fired proves nothing about it.
 *
 * <p>CI runs it small. The long soak: {@code scripts/chaos-soak.sh} (200 deep + 1,000 filter), or
 * {@code mvn -B -pl orchestrator-core test -Dtest=ChaosSoakTest -Ds64.chaos.deep=200
 * -Ds64.chaos.filter=1000}; the figures go to {@code target/chaos-report.md}.
 */
class ChaosSoakTest {
  private static final int DEEP = Integer.getInteger("s64.chaos.deep", 24);
  private static final int FILTER = Integer.getInteger("s64.chaos.filter", 80);
  /** Filter jobs read without read-ahead through a sink slower than a cursor lives. */
  private static final int REREAD = 4;
  /** Longer than a cursor lives (4 s), with a margin for a page that took long to fetch. */
  private static final Duration SLOWER_THAN_A_CURSOR = Duration.ofSeconds(6);

  @Test
  void everyJobEndsOnceWithEveryRowOnceUnderEveryFaultKind() throws IOException {
    long started = System.nanoTime();
    try (Emulator emulator = Emulator.start(EmulatorConfig.builder().port(0).seed(20261122)
        .searchDuration(Duration.ofMillis(200), Duration.ofSeconds(1))
        .rateLimit(200).rateWindow(Duration.ofSeconds(1))
        .faultRate(0.18).fault(FaultKind.LOST_START, 0.2).fault(FaultKind.WINDOW_EXHAUSTED, 0.01)
        .fault(FaultKind.HTTP_500_AFTER_PROCESSING, 0.01)
        .slowResponseDelay(Duration.ofMillis(1500))
        .shortPages(true).cursorTtl(Duration.ofSeconds(4)).urlTtl(Duration.ofSeconds(1))
        .downloadCut(0.2)
        .build())) {
      Duration responseTimeout = Duration.ofMillis(500);
      PauseWitness wire = new PauseWitness(HttpTransport.netty(URI.create(emulator.baseUrl()),
          Duration.ofSeconds(10), responseTimeout, 128));
      Sixtyfour api = Sixtyfour.builder().apiKey("sk_chaos_soak_key_1234").baseUrl(emulator.baseUrl())
          .transport(wire)
          .rateLimit(200, Duration.ofSeconds(1))
          .responseTimeout(responseTimeout)
          .retry(RetryPolicy.defaults().withMaxAttempts(12).withBackoff(Duration.ofMillis(10), Duration.ofMillis(300)))
          .build();
      PollSchedule fast = PollSchedule.defaults().withCadence(Duration.ofMillis(100));
      RowSink.InMemory rows = RowSink.inMemory();
      AtomicLong slowWrites = new AtomicLong();
      // Every eighth job writes each page more slowly than a cursor (4 s) lives: the page after is
      // fetched ahead (read-ahead) so its cursor is used in time, unless the request is held back.
      // The reread jobs have no read-ahead: while one page is written for 6 s, the cursor of the
      // page fetched after it expires, and the job must read again by search id, skipping what it
      // delivered.
      RowSink sink = (job, batch) -> {
        if (job.id().startsWith("reread-")) {
          slowWrites.incrementAndGet();
          return Mono.delay(SLOWER_THAN_A_CURSOR).then(rows.write(job, batch));
        }
        if (Math.floorMod(job.id().hashCode(), 8) == 0) {
          slowWrites.incrementAndGet();
          return Mono.delay(Duration.ofMillis(4500)).then(rows.write(job, batch));
        }
        return rows.write(job, batch);
      };
      List<Job> viaPages = new ArrayList<>();
      List<Job> viaCsv = new ArrayList<>();
      Set<String> failme = new HashSet<>();
      for (int i = 0; i < DEEP; i++) {
        String query = (i % 10 == 7 ? "FAILME " : "") + "chaos deep search " + i;
        Job job = Job.deep("deep-" + i, DeepSearchRequest.of(query).withMaxResults(20 + (i * 7) % 150));
        (i % 2 == 0 ? viaPages : viaCsv).add(job);
        if (query.startsWith("FAILME")) {
          failme.add(job.id());
        }
      }
      for (int i = 0; i < FILTER; i++) {
        viaPages.add(Job.query("filter-" + i, QueryRequest.simpleFilters(
                Map.of("employees_count", Map.of("$gte", i))).withMode(Mode.COMPANY)
            .withPageSize(10).withMaxResults(15 + i % 30)));
      }
      List<Job> rereads = new ArrayList<>();
      for (int i = 0; i < REREAD; i++) {
        rereads.add(Job.query("reread-" + i, QueryRequest.simpleFilters(
                Map.of("employees_count", Map.of("$lte", 1000 + i))).withMode(Mode.COMPANY)
            .withPageSize(10).withMaxResults(45)));
      }
      Batch pages = Batch.builder(api).poll(fast).pageSize(20).slotsBusyBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)).build();
      Batch csv = Batch.builder(api).poll(fast).csvResults(true).downloadAttempts(30)
          .slotsBusyBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)).build();
      Batch withoutReadAhead = Batch.builder(api).poll(fast).readAheadPages(0).build();
      List<Outcome> outcomes = Flux.merge(pages.run(Flux.fromIterable(viaPages), sink),
              csv.run(Flux.fromIterable(viaCsv), sink),
              withoutReadAhead.run(Flux.fromIterable(rereads), sink))
          .collectList().block(Duration.ofMinutes(20));
      api.close().block(Duration.ofSeconds(5));

      List<Job> all = new ArrayList<>(viaPages);
      all.addAll(viaCsv);
      all.addAll(rereads);
      assertEquals(all.size(), outcomes.size(), "one outcome per job");
      assertEquals(all.stream().map(Job::id).collect(Collectors.toSet()),
          outcomes.stream().map(Outcome::jobId).collect(Collectors.toSet()));
      EmulatorStats stats = emulator.stats();
      for (Outcome o : outcomes) {
        if (failme.contains(o.jobId())) {
          assertEquals(Outcome.Status.FAILED, o.status(), o.toString());
          assertEquals(Outcome.Failure.Reason.SEARCH_FAILED, o.failure().reason());
          continue;
        }
        assertEquals(Outcome.Status.COMPLETED, o.status(), o.toString());
        List<Row> got = rows.rows(o.jobId());
        assertEquals(got.size(), got.stream().map(r -> String.valueOf(r.get("id"))).distinct().count(),
            "no row twice in " + o.jobId());
        assertEquals(stats.rowsTotal().get(o.searchId()), Long.valueOf(got.size()),
            "rows of " + o.jobId() + " = rows the server has for its search");
      }
      assertEquals(DEEP, stats.searchesCreated(), "no search started twice");
      assertTrue(stats.peakConcurrentSearches() <= 5, "peak " + stats.peakConcurrentSearches());
      // Rate 429s come only from windows another client spent (WINDOW_EXHAUSTED), for requests
      // already in flight; after each one the client sent nothing until the announced reset. By
      // the client's own clock, exactly: no request let go at the wire after the client read a
      // rate 429 and before its reset. By the server's: none on a connection that carried a 429.
      PauseWitness.Exact exact = wire.judge(emulator.lateArrivals());
      System.out.println("rate pauses: " + wire.rate429Heads() + " rate 429s read by the client, "
          + wire.sentDuringPause() + " requests let go during their pause, "
          + wire.refusedAtTheWire() + " refused at the wire; server: " + stats.requestsDuringPause()
          + " during a pause (" + stats.pauseBreachesOnThe429Connection() + " on the 429's"
          + " connection), " + stats.requestsInPauseGrace() + " within the grace; exactly: "
          + exact);
      // Exactly, from both sides' stamps: every request that arrived after a 429 was written and
      // before its window ended was already on the wire or crossed the 429; none was sent after the
      // client had read it. The emulator's own count (a 10 ms grace) is reported beside it.
      assertEquals(0, emulator.lateArrivalsDropped(), "every late request was kept");
      assertEquals(0, exact.untraced(), "every late request was labelled: " + exact);
      assertTrue(exact.judged() > 0, "requests did arrive during pauses: " + exact);
      assertEquals(0, exact.breaches(), "no request sent after the client read a 429: " + exact);
      assertTrue(wire.rate429Heads() > 0, "the client did read rate 429s");
      assertEquals(0, wire.sentDuringPause(), "no request let go after a rate 429 was read");
      assertEquals(0, stats.pauseBreachesOnThe429Connection(),
          "no request on the connection of a 429 during its pause");
      assertTrue(api.budgetState().rateLimited() > 0, "the client did meet spent windows");
      assertEquals(0, stats.slotsBusy(), "no client-caused slots 429");
      long faults = stats.faultsByKind().values().stream().mapToLong(Long::longValue).sum();
      long apiResponses = stats.requestsTotal() - stats.requestsByEndpoint().entrySet().stream()
          .filter(e -> e.getKey().contains("storage")).mapToLong(Map.Entry::getValue).sum();
      assertTrue(faults >= 0.15 * apiResponses, "faulty: " + faults + " of " + apiResponses);
      // Every condition the soak is said to cover did occur, by the server's own count.
      for (FaultKind kind : FaultKind.values()) {
        assertTrue(stats.faults(kind) > 0, "fault kind " + kind + " happened");
      }
      // Downloads draw their faults from a seeded stream of their own: with this seed the sixth
      // download is cut, and the ten CSV jobs that complete make at least ten.
      assertTrue(stats.downloadsCut() > 0, "a CSV download was cut partway");
      // The reread jobs lose a cursor at each page written for longer than a cursor lives.
      assertTrue(stats.cursorsRefused() > 0, "a cursor expired and was refused");
      assertTrue(stats.shortPages() > 0, "a short or empty page came before the last");
      assertTrue(slowWrites.get() > 0, "a sink write took longer than a cursor lives");
      long failed = outcomes.stream().filter(o -> failme.contains(o.jobId())).count();
      assertTrue(failed > 0 && failed == failme.size(), "every FAILME search failed: " + failed);
      report(stats, wire, exact, outcomes, api.retries(), faults, apiResponses, slowWrites.get(),
          (System.nanoTime() - started) / 1e9);
    }
  }

  private static void report(EmulatorStats stats, PauseWitness wire, PauseWitness.Exact exact,
      List<Outcome> outcomes,
      long retries, long faults,
      long apiRequests, long slowWrites, double seconds) throws IOException {
    Map<String, Long> byStatus = new LinkedHashMap<>();
    outcomes.forEach(o -> byStatus.merge(o.status().wire(), 1L, Long::sum));
    String text = "# Chaos soak (" + DEEP + " deep + " + FILTER + " filter + " + REREAD
        + " reread jobs)\n\n"
        + "| figure | value |\n|---|---|\n"
        + "| wall time | " + String.format("%.1f s", seconds) + " |\n"
        + "| outcomes by status | " + byStatus + " |\n"
        + "| rows delivered | " + outcomes.stream().mapToLong(Outcome::rows).sum() + " |\n"
        + "| requests (all, API) | " + stats.requestsTotal() + ", " + apiRequests + " |\n"
        + "| faults injected | " + faults + " (" + String.format("%.1f %%", 100.0 * faults / apiRequests)
        + " of API requests): " + stats.faultsByKind() + " |\n"
        + "| downloads cut | " + stats.downloadsCut() + " |\n"
        + "| download links expired | " + stats.downloadLinksExpired() + " |\n"
        + "| cursors refused (expired) | " + stats.cursorsRefused() + " |\n"
        + "| short or empty pages | " + stats.shortPages() + " |\n"
        + "| sink writes slower than a cursor lives | " + slowWrites + " |\n"
        + "| client retries | " + retries + " |\n"
        + "| 429s (spent windows injected, rate limiter, slots) | " + stats.faults(FaultKind.WINDOW_EXHAUSTED)
        + ", " + stats.rateLimited() + ", " + stats.slotsBusy() + " |\n"
        + "| rate 429s read by the client / requests let go during their pause / refused at the wire | "
        + wire.rate429Heads() + " / " + wire.sentDuringPause() + " / " + wire.refusedAtTheWire() + " |\n"
        + "| server: requests during a 429 pause (on its connection) / within the grace | "
        + stats.requestsDuringPause() + " (" + stats.pauseBreachesOnThe429Connection() + ") / "
        + stats.requestsInPauseGrace() + " |\n"
        + "| exactly (both sides' stamps): on the wire / crossed the 429 / sent after it was read | "
        + exact.onTheWire() + " / " + exact.crossed() + " / " + exact.breaches() + " (latest read "
        + String.format("%.1f", exact.maxServerLateMillis()) + " ms after it was sent; longest 429"
        + " delivery " + String.format("%.1f", exact.maxDeliveryMillis()) + " ms) |\n"
        + "| searches created / starts / replayed | " + stats.searchesCreated() + " / " + stats.starts()
        + " / " + stats.startsReplayed() + " |\n"
        + "| peak concurrent searches | " + stats.peakConcurrentSearches() + " |\n"
        + "| responses by status | " + stats.responsesByStatus() + " |\n";
    Path out = Path.of("target", "chaos-report.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, text);
    System.out.println(text);
  }
}

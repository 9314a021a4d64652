package io.s64.bench;

import io.s64.emulator.DurationRange;
import io.s64.emulator.DurationShape;
import io.s64.internal.PollBelief;
import io.s64.poll.PollSchedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * P1 on virtual time: the same batch as {@link SlotEfficiency} (searches list-scheduled on the
 * slots in submission order, each slot freed the moment a poll sees its search ended) with no
 * network and no clock, so a schedule can be tuned and compared without noise. A poll costs
 * nothing and sees the truth; the learned schedule learns each completion when it is seen.
 *
 * <p>Run it: {@code java -cp benchmarks/target/benchmarks.jar io.s64.bench.PollSimulation [N]}
 * prints, per duration shape, hints off and on: polls per search, mean detection delay and slot
 * efficiency of the learned schedule, the docs' fixed cadence and the best fixed cadence that makes
 * the same number of polls.
 */
public final class PollSimulation {
  private PollSimulation() {}

  /** A schedule to simulate: the learned one, or a fixed cadence (first poll one cadence in). */
  sealed interface Policy permits Learned, Fixed {}

  record Learned(PollSchedule.Learned schedule) implements Policy {}

  record Fixed(Duration every) implements Policy {}

  /**
   * What one simulated batch gave.
   *
   * @param polls polls in all
   * @param delay the sum of detection delays (end to the poll that saw it), in seconds
   * @param busy the sum of search durations, in seconds
   * @param makespan first start to last end, in seconds
   */
  record Result(int searches, long polls, double delay, double busy, double makespan, int slots) {
    double pollsPerSearch() {
      return polls / (double) searches;
    }

    double meanDelay() {
      return delay / searches;
    }

    double efficiency() {
      return busy / (slots * makespan);
    }
  }

  /** The durations of {@code n} searches of {@code shape} over {@code range}, from {@code seed}. */
  static List<Duration> durations(DurationShape shape, DurationRange range, int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Duration> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(shape.draw(range, random.nextDouble()));
    }
    return out;
  }

  /**
   * Runs {@code durations} through {@code policy} on {@code slots} slots. With {@code hints}, each
   * poll shows the emulator's progress phases (planning the first 15% of the run, three search
   * iterations, finalizing the last 10%).
   */
  static Result run(List<Duration> durations, int slots, Policy policy, boolean hints) {
    record Running(int index, double start, double end, int polls, String hint, double hintSince) {}
    PriorityQueue<double[]> events = new PriorityQueue<>((x, y) -> Double.compare(x[0], y[0]));
    Map<Integer, Running> running = new HashMap<>();
    PollBelief learned = policy instanceof Learned l ? PollBelief.prior(l.schedule()) : null;
    Map<Integer, Map<String, Double>> seenHints = new HashMap<>();
    int nextSearch = 0;
    long polls = 0;
    double delay = 0;
    double busy = 0;
    double lastEnd = 0;
    for (; nextSearch < Math.min(slots, durations.size()); nextSearch++) {
      double d = seconds(durations.get(nextSearch));
      running.put(nextSearch, new Running(nextSearch, 0, d, 0, null, 0));
      events.add(new double[] {firstWait(policy, learned), nextSearch});
    }
    while (!events.isEmpty()) {
      double[] e = events.poll();
      double now = e[0];
      int i = (int) e[1];
      Running r = running.get(i);
      polls++;
      int n = r.polls() + 1;
      double age = now - r.start();
      if (now >= r.end()) {
        delay += now - r.end();
        double took = r.end() - r.start();
        busy += took;
        lastEnd = Math.max(lastEnd, r.end());
        running.remove(i);
        if (learned != null) {
          learned = learned.withCompletion(Duration.ofNanos((long) (took * 1e9)), n);
          for (Map.Entry<String, Double> h : seenHints.getOrDefault(i, Map.of()).entrySet()) {
            learned = learned.withHint(h.getKey(), Duration.ofNanos((long) ((took - h.getValue()) * 1e9)));
          }
          learned.prepare(); // the batch prepares a new plan off the poll path, at once
        }
        seenHints.remove(i);
        if (nextSearch < durations.size()) {
          double d = seconds(durations.get(nextSearch));
          running.put(nextSearch, new Running(nextSearch, now, now + d, 0, null, 0));
          events.add(new double[] {now + firstWait(policy, learned), nextSearch});
          nextSearch++;
        }
        continue;
      }
      String hint = hints ? hint(age / (r.end() - r.start())) : null;
      double since = r.hintSince();
      if (hint != null && !hint.equals(r.hint())) {
        since = age;
        seenHints.computeIfAbsent(i, k -> new HashMap<>()).putIfAbsent(hint, age);
      }
      running.put(i, new Running(i, r.start(), r.end(), n, hint, since));
      double wait;
      if (policy instanceof Fixed f) {
        wait = seconds(f.every());
      } else {
        PollSchedule.Learned s = ((Learned) policy).schedule();
        wait = seconds(learned.next(s, Duration.ofNanos((long) (age * 1e9)), n, hint,
            Duration.ofNanos((long) (since * 1e9))));
      }
      events.add(new double[] {now + wait, i});
    }
    return new Result(durations.size(), polls, delay, busy, lastEnd, slots);
  }

  private static double firstWait(Policy policy, PollBelief learned) {
    if (policy instanceof Fixed f) {
      return seconds(f.every());
    }
    PollSchedule.Learned s = ((Learned) policy).schedule();
    return seconds(learned.next(s, Duration.ZERO, 0, null, Duration.ZERO));
  }

  /** The emulator's progress hint at {@code fraction} of a search's run (queued phase ignored). */
  private static String hint(double fraction) {
    if (fraction >= 0.9) {
      return PollBelief.hintKey(3, 3, "Finalizing results");
    }
    if (fraction < 0.15) {
      return PollBelief.hintKey(1, 0, "Planning the search");
    }
    int k = Math.min(3, 1 + (int) ((fraction - 0.15) / 0.75 * 3));
    return PollBelief.hintKey(2, k - 1, "Searching (iteration " + k + " of 3)");
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  /** Prints the comparison for each shape. */
  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    DurationRange range = new DurationRange(Duration.ofSeconds(30), Duration.ofSeconds(120));
    PollSchedule.Learned learned = PollSchedule.Learned.defaults();
    Duration docs = Duration.ofSeconds(10);
    for (boolean hints : new boolean[] {false, true}) {
      for (DurationShape shape : DurationShape.values()) {
        double[] acc = new double[7];
        for (int seed = 0; seed < runs; seed++) {
          List<Duration> ds = durations(shape, range, n, 64 + seed);
          Result mine = run(ds, 5, new Learned(learned.withHints(hints)), hints);
          Result base = run(ds, 5, new Fixed(docs), hints);
          Result same = run(ds, 5, new Fixed(ListSchedule.cadenceFor(ds, mine.pollsPerSearch())), hints);
          acc[0] += mine.pollsPerSearch();
          acc[1] += base.pollsPerSearch();
          acc[2] += mine.meanDelay() / base.meanDelay();
          acc[3] += mine.efficiency();
          acc[4] += base.efficiency();
          acc[5] += same.efficiency();
          acc[6] += mine.efficiency() - same.efficiency();
        }
        System.out.printf("%-10s hints %-3s polls %.2f vs %.2f  delay ratio %.3f  eff %.4f base %.4f same-polls fixed %.4f (+%.4f)%n",
            shape.flag(), hints ? "on" : "off", acc[0] / runs, acc[1] / runs, acc[2] / runs,
            acc[3] / runs, acc[4] / runs, acc[5] / runs, acc[6] / runs);
      }
    }
  }
}

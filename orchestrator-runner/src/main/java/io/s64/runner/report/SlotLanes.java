package io.s64.runner.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Puts the deep searches of a run on slot lanes: each search, in order of start, on the lowest
 * lane free at its start. A search holds its slot from start to terminal status and the next one
 * starts only when a slot is free, so a run that kept its limit fits on {@code slots} lanes and a
 * gap on a lane is a slot that stood idle. Searches that overlap more than the limit (several
 * processes on one organization, a resumed run's leftovers) get lanes past it.
 */
final class SlotLanes {
  /**
   * A search's place.
   *
   * @param start when it started, in ms on the report's axis
   * @param end when its terminal status was seen (or it was given up)
   * @param lane its lane, from 0
   */
  record Placed(int index, long start, long end, int lane) {}

  private SlotLanes() {}

  /**
   * Places intervals {@code [starts[i], ends[i])}.
   *
   * @return one placement per interval, in input order; the lane count is the largest lane + 1
   */
  static List<Placed> place(long[] starts, long[] ends) {
    Integer[] order = new Integer[starts.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, Comparator.<Integer>comparingLong(i -> starts[i])
        .thenComparingLong(i -> ends[i]));
    PriorityQueue<Integer> free = new PriorityQueue<>();
    PriorityQueue<long[]> busy = new PriorityQueue<>(Comparator.<long[]>comparingLong(b -> b[0])
        .thenComparingLong(b -> b[1])); // {end, lane}
    int lanes = 0;
    Placed[] placed = new Placed[starts.length];
    for (int i : order) {
      while (!busy.isEmpty() && busy.peek()[0] <= starts[i]) {
        free.add((int) busy.poll()[1]);
      }
      int lane = free.isEmpty() ? lanes++ : free.poll();
      long end = Math.max(starts[i], ends[i]);
      busy.add(new long[] {end, lane});
      placed[i] = new Placed(i, starts[i], end, lane);
    }
    return new ArrayList<>(List.of(placed));
  }

  /** The number of lanes the placements use. */
  static int lanes(List<Placed> placed) {
    return placed.stream().mapToInt(Placed::lane).max().orElse(-1) + 1;
  }
}

package io.s64.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.s64.error.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

class SearchSlotsTest {

  @Test
  void handsOutSlotsFirstComeFirstServed() {
    SearchSlots slots = SearchSlots.local(2);
    List<String> got = new ArrayList<>();
    List<SearchSlots.Slot> held = new ArrayList<>();
    for (String name : List.of("a", "b", "c", "d")) {
      slots.acquire().subscribe(s -> {
        got.add(name);
        held.add(s);
      });
    }
    assertEquals(List.of("a", "b"), got);
    assertEquals(2, slots.waiting());
    held.get(1).release();
    assertEquals(List.of("a", "b", "c"), got);
    held.get(1).release();
    assertEquals(List.of("a", "b", "c"), got, "a second release of the same slot does nothing");
    assertEquals(2, slots.inUse());
  }

  @Test
  void aCancelledWaiterLeavesTheQueueAndTakesNoSlot() {
    SearchSlots slots = SearchSlots.local(1);
    List<SearchSlots.Slot> held = new ArrayList<>();
    slots.acquire().subscribe(held::add);
    Disposable waiter = slots.acquire().subscribe(held::add);
    List<String> third = new ArrayList<>();
    slots.acquire().subscribe(s -> third.add("got"));
    waiter.dispose();
    assertEquals(1, slots.waiting());
    held.get(0).release();
    assertEquals(List.of("got"), third);
    assertEquals(1, slots.inUse());
  }

  @Test
  void aReattachingSearchGetsTheNextSlotBeforeNewStarts() {
    SearchSlots slots = SearchSlots.local(1);
    List<String> got = new ArrayList<>();
    List<SearchSlots.Slot> held = new ArrayList<>();
    slots.acquire().subscribe(s -> {
      got.add("running");
      held.add(s);
    });
    slots.acquire().subscribe(s -> {
      got.add("new");
      held.add(s);
    });
    slots.acquireFirst().subscribe(s -> {
      got.add("reattach");
      held.add(s);
    });
    held.get(0).release();
    assertEquals(List.of("running", "reattach"), got);
    held.get(1).release();
    assertEquals(List.of("running", "reattach", "new"), got);
  }

  @Test
  void rejectsZeroSlots() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> SearchSlots.local(0));
    assertEquals("slots must be at least 1 but was 0", e.getMessage());
  }
}

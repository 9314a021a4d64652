package io.s64.emulator.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.s64.emulator.limits.PauseLedger.Arrival;
import io.s64.emulator.limits.PauseLedger.Verdict;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pause rule with explicit stamps: no clock, no network. */
class PauseLedgerTest {
  private static final String KEY = "k";
  private static final long MS = 1_000_000L;
  /** The 429 is decided at emulator time 1,000 ms; the window ends at 2,000 ms. */
  private static final long NOW = 1_000;
  private static final long UNTIL = 2_000;
  /** The 429 is written at this nanoTime, on connection "a". */
  private static final long WRITTEN = 5_000 * MS;

  private final PauseLedger ledger = new PauseLedger(Duration.ofMillis(10));

  private Verdict at(long nanos, long millis, String connection) {
    return ledger.judge(KEY, new Arrival(nanos, millis, connection), null);
  }

  private void pauseWrittenOnA() {
    long id = ledger.pause(KEY, NOW, UNTIL);
    ledger.written(KEY, id, "a", WRITTEN);
  }

  @Test
  void onTheConnectionThatCarriedThe429AnyLaterRequestIsABreach() {
    pauseWrittenOnA();
    assertEquals(Verdict.BREACH_ON_ITS_CONNECTION, at(WRITTEN + 1, NOW, "a"), "a nanosecond later");
    assertEquals(Verdict.BREACH_ON_ITS_CONNECTION, at(WRITTEN + 500 * MS, 1_500, "a"));
  }

  @Test
  void onAnotherConnectionOnlyARequestArrivingAfterTheGraceIsABreach() {
    pauseWrittenOnA();
    assertEquals(Verdict.NOT_PAUSED, at(WRITTEN - 1, NOW, "b"), "arrived before the 429 left");
    assertEquals(Verdict.ON_ITS_WAY, at(WRITTEN + 1, NOW, "b"));
    assertEquals(Verdict.ON_ITS_WAY, at(WRITTEN + 10 * MS, NOW + 10, "b"), "the grace's last ns");
    assertEquals(Verdict.BREACH, at(WRITTEN + 10 * MS + 1, NOW + 10, "b"));
    assertEquals(Verdict.BREACH, at(WRITTEN + 900 * MS, 1_900, "b"));
  }

  @Test
  void thePauseEndsAtTheWindowsEndByTheArrivalsEmulatorTime() {
    pauseWrittenOnA();
    assertEquals(Verdict.BREACH_ON_ITS_CONNECTION, at(WRITTEN + 999 * MS, UNTIL - 1, "a"));
    assertEquals(Verdict.NOT_PAUSED, at(WRITTEN + 1_000 * MS, UNTIL, "a"));
    assertEquals(Verdict.NOT_PAUSED, at(WRITTEN + 1_000 * MS, UNTIL, "b"));
  }

  @Test
  void nothingIsABreachBeforeThe429IsWritten() {
    ledger.pause(KEY, NOW, UNTIL);
    assertEquals(Verdict.NOT_PAUSED, at(WRITTEN + 500 * MS, 1_500, "a"));
    assertEquals(Verdict.NOT_PAUSED, at(WRITTEN + 500 * MS, 1_500, "b"));
  }

  @Test
  void theFirst429WrittenStartsThePauseForEveryConnection() {
    long id = ledger.pause(KEY, NOW, UNTIL);
    ledger.written(KEY, id, "a", WRITTEN + 50 * MS);
    assertEquals(id, ledger.pause(KEY, NOW + 1, UNTIL), "a 429 during the pause belongs to it");
    ledger.written(KEY, id, "b", WRITTEN);
    assertEquals(Verdict.BREACH, at(WRITTEN + 20 * MS, NOW + 20, "c"), "20 ms after b's 429");
    assertEquals(Verdict.BREACH_ON_ITS_CONNECTION, at(WRITTEN + 20 * MS, NOW + 20, "b"));
    assertEquals(Verdict.ON_ITS_WAY, at(WRITTEN + 5 * MS, NOW + 5, "a"), "a's own 429 came later");
  }

  @Test
  void aLateWriteOfAnEndedPauseTellsNothingOfTheNextOne() {
    long first = ledger.pause(KEY, NOW, UNTIL);
    long second = ledger.pause(KEY, UNTIL, UNTIL + 1_000);
    ledger.written(KEY, first, "a", WRITTEN);
    assertEquals(Verdict.NOT_PAUSED, at(WRITTEN + 500 * MS, UNTIL + 500, "a"));
    ledger.written(KEY, second, "a", WRITTEN + 600 * MS);
    assertEquals(Verdict.BREACH_ON_ITS_CONNECTION, at(WRITTEN + 700 * MS, UNTIL + 700, "a"));
  }

  @Test
  void pausesArePerKey() {
    pauseWrittenOnA();
    assertEquals(Verdict.NOT_PAUSED,
        ledger.judge("other", new Arrival(WRITTEN + 500 * MS, 1_500, "a"), null));
  }

  @Test
  void keepsEveryRequestThatArrivedDuringAPauseWithItsStampsAndTrace() {
    ledger.judge(KEY, new Arrival(WRITTEN - 1, NOW, "b"), "before");
    pauseWrittenOnA();
    ledger.judge(KEY, new Arrival(WRITTEN - 1, NOW, "b"), "on-the-wire");
    ledger.judge(KEY, new Arrival(WRITTEN + 2 * MS, NOW + 2, "b"), "grace");
    ledger.judge(KEY, new Arrival(WRITTEN + 50 * MS, NOW + 50, "c"), null);
    ledger.judge(KEY, new Arrival(WRITTEN + 60 * MS, NOW + 60, "a"), "same");
    ledger.judge(KEY, new Arrival(WRITTEN + 1_000 * MS, UNTIL, "b"), "after");
    assertEquals(List.of(
        new PauseLedger.Late(Verdict.ON_ITS_WAY, WRITTEN, WRITTEN + 2 * MS, UNTIL, "grace"),
        new PauseLedger.Late(Verdict.BREACH, WRITTEN, WRITTEN + 50 * MS, UNTIL, null),
        new PauseLedger.Late(Verdict.BREACH_ON_ITS_CONNECTION, WRITTEN, WRITTEN + 60 * MS, UNTIL,
            "same")), ledger.late());
    ledger.forgetLate();
    assertEquals(List.of(), ledger.late());
  }
}

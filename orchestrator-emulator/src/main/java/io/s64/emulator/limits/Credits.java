package io.s64.emulator.limits;

import java.math.BigDecimal;

/**
 * The organization's credit balance, kept in cents (1 credit = 10 cents, as the API's {@code
 * charge_amount} and {@code charge_credits} pair them). A start is charged when it creates work;
 * one the balance cannot cover is refused, and charges nothing.
 */
public final class Credits {
  private static final BigDecimal CENTS_PER_CREDIT = BigDecimal.TEN;

  private long cents;
  private long charged;

  public Credits(BigDecimal credits) {
    this.cents = cents(credits);
  }

  /** Credits as cents; the settings allow at most one decimal place. */
  public static long cents(BigDecimal credits) {
    return credits.multiply(CENTS_PER_CREDIT).longValueExact();
  }

  /** Takes {@code cents} from the balance if it covers them; false (and nothing taken) if not. */
  public synchronized boolean tryCharge(long cents) {
    if (cents > this.cents) {
      return false;
    }
    this.cents -= cents;
    this.charged += cents;
    return true;
  }

  /** Gives back a charge whose work was not created after all. */
  public synchronized void refund(long cents) {
    this.cents += cents;
    this.charged -= cents;
  }

  /** The balance, in credits. */
  public synchronized BigDecimal balance() {
    return credits(cents);
  }

  /** Everything charged so far, in credits. */
  public synchronized BigDecimal charged() {
    return credits(charged);
  }

  /** Cents as credits: {@code 1000}, {@code 2.5}. */
  public static BigDecimal credits(long cents) {
    BigDecimal value = BigDecimal.valueOf(cents, 1);
    return cents % 10 == 0 ? value.setScale(0) : value;
  }
}

package io.s64.runner.pipeline;

import io.s64.job.Job;
import io.s64.model.Row;
import io.s64.sink.RowSink;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * What a run spent, for {@code summary.json}: the organization's balance when the run began and
 * when it ended (their difference covers everything charged meanwhile, other users of the
 * organization included), and the sum of the charges the API reported per job (enrichment results
 * carry {@code charge_credits}, or {@code charge_amount} in cents, 1 credit = 10 cents).
 */
final class Credits {
  private static final BigDecimal CENTS_PER_CREDIT = BigDecimal.TEN;

  private volatile boolean read;
  private volatile @Nullable BigDecimal atStart;
  private volatile @Nullable BigDecimal atEnd;
  private BigDecimal charged = BigDecimal.ZERO;
  private boolean anyCharge;

  /** The balance before the first job, or null when it could not be read. */
  void atStart(@Nullable BigDecimal balance) {
    atStart = balance;
    read = true;
  }

  /** Whether the balance was asked for at the start (the run had a job to run). */
  boolean read() {
    return read;
  }

  void atEnd(@Nullable BigDecimal balance) {
    atEnd = balance;
  }

  /** The balance's fall during the run, or null when either reading is missing. */
  @Nullable BigDecimal spent() {
    BigDecimal start = atStart;
    BigDecimal end = atEnd;
    return start == null || end == null ? null : start.subtract(end);
  }

  /** The sum of the charges reported per job, or null when no job reported one. */
  synchronized @Nullable BigDecimal chargedByJobs() {
    return anyCharge ? charged : null;
  }

  /** A sink that adds up the charges of the rows it passes on to {@code sink}. */
  RowSink counting(RowSink sink) {
    Credits credits = this;
    return new RowSink() {
      @Override
      public Mono<Void> write(Job job, List<Row> rows) {
        return sink.write(job, rows).doOnSuccess(done -> rows.forEach(credits::add));
      }

      @Override
      public Mono<Void> close() {
        return sink.close();
      }
    };
  }

  private synchronized void add(Row row) {
    BigDecimal charge = charge(row);
    if (charge != null) {
      charged = charged.add(charge);
      anyCharge = true;
    }
  }

  private static @Nullable BigDecimal charge(Row row) {
    if (row.get("charge_credits") instanceof Number n) {
      return decimal(n);
    }
    if (row.get("charge_amount") instanceof Number n) {
      BigDecimal cents = decimal(n);
      return cents == null ? null : cents.divide(CENTS_PER_CREDIT);
    }
    return null;
  }

  private static @Nullable BigDecimal decimal(Number n) {
    try {
      return new BigDecimal(n.toString());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The {@code credits} object of {@code summary.json}. */
  Map<String, @Nullable Object> json(@Nullable BigDecimal max) {
    Map<String, @Nullable Object> m = new java.util.LinkedHashMap<>();
    m.put("balance_at_start", atStart);
    m.put("balance_at_end", atEnd);
    m.put("spent", spent());
    m.put("charged_by_jobs", chargedByJobs());
    m.put("max", max);
    return m;
  }
}

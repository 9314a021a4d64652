package io.s64.emulator.limits;

import io.s64.emulator.EmulatorConfig;
import io.s64.emulator.FaultKind;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Decides which requests fail and how. One value is drawn from one seeded random stream per
 * authenticated, non-rate-limited API request (even when no fault is configured, so that the
 * sequence depends only on the seed and the request order) and compared against the cumulative
 * probabilities of the kinds in declaration order. Storage downloads draw from a stream of their
 * own. Thread-safe.
 */
public final class FaultPlan {
  private final EmulatorConfig config;
  private final SplittableRandom api;
  private final SplittableRandom downloads;

  public FaultPlan(EmulatorConfig config) {
    this.config = config;
    this.api = new SplittableRandom(config.seed());
    this.downloads = new SplittableRandom(config.seed() ^ 0xC0FFEEL);
  }

  /**
   * The fault for the next API request, or null.
   *
   * @param start whether the request is an idempotent start (deep search, workflow run);
   *     elsewhere {@link FaultKind#LOST_START} becomes {@link FaultKind#CONNECTION_RESET}
   */
  public @Nullable FaultKind draw(boolean start) {
    double r;
    synchronized (api) {
      r = api.nextDouble();
    }
    double cumulative = 0;
    for (FaultKind kind : FaultKind.values()) {
      cumulative += config.faultProbability(kind);
      if (r < cumulative) {
        return kind == FaultKind.LOST_START && !start ? FaultKind.CONNECTION_RESET : kind;
      }
    }
    return null;
  }

  /** Whether the next storage download is cut partway. */
  public boolean cutDownload() {
    double r;
    synchronized (downloads) {
      r = downloads.nextDouble();
    }
    return r < config.downloadCut();
  }
}

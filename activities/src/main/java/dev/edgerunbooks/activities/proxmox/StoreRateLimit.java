package dev.edgerunbooks.activities.proxmox;

import java.util.function.LongSupplier;

/**
 * Spaces a store's requests evenly at a fixed rate, shared by all of the store's clients. Written
 * here rather than Guava's {@code RateLimiter} (only a transitive dependency through Temporal)
 * because it needs no burst after idling and takes a clock and a sleeper, so tests count instead
 * of timing.
 */
public final class StoreRateLimit {
  /** Waits the given nanoseconds. */
  @FunctionalInterface
  public interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private final Sleeper sleeper;
  private long nextFreeNanos;
  private boolean started;

  public StoreRateLimit(double requestsPerSecond, LongSupplier nanoClock, Sleeper sleeper) {
    this.intervalNanos = requestsPerSecond <= 0 ? 0 : (long) (1_000_000_000L / requestsPerSecond);
    this.nanoClock = nanoClock;
    this.sleeper = sleeper;
  }

  public static StoreRateLimit perSecond(double requestsPerSecond) {
    return new StoreRateLimit(
        requestsPerSecond, System::nanoTime, nanos -> java.util.concurrent.TimeUnit.NANOSECONDS.sleep(nanos));
  }

  public static StoreRateLimit unlimited() {
    return perSecond(0);
  }

  /** Blocks until the next request may go. */
  public void acquire() throws InterruptedException {
    if (intervalNanos == 0) {
      return;
    }
    long waitNanos;
    synchronized (this) {
      long now = nanoClock.getAsLong();
      long at = !started || now - nextFreeNanos > 0 ? now : nextFreeNanos;
      started = true;
      nextFreeNanos = at + intervalNanos;
      waitNanos = at - now;
    }
    // sleep outside the lock: each caller has reserved its own slot
    if (waitNanos > 0) {
      sleeper.sleepNanos(waitNanos);
    }
  }
}

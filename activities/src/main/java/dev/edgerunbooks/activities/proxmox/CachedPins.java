package dev.edgerunbooks.activities.proxmox;

import java.time.Duration;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Pins read through a loader (Vault) and kept for a while, so a busy client does not read them per
 * handshake. When a reload fails, the pins last read are used until they no longer match; a {@link
 * #refresh()} that fails throws, so a mismatch is never decided on stale pins.
 */
public final class CachedPins implements CertificatePins {
  private final Supplier<Set<CertificatePin>> loader;
  private final long ttlNanos;
  private final LongSupplier nanoClock;
  private Set<CertificatePin> cached;
  private long loadedAt;

  public CachedPins(Supplier<Set<CertificatePin>> loader, Duration ttl, LongSupplier nanoClock) {
    this.loader = loader;
    this.ttlNanos = ttl.toNanos();
    this.nanoClock = nanoClock;
  }

  public CachedPins(Supplier<Set<CertificatePin>> loader, Duration ttl) {
    this(loader, ttl, System::nanoTime);
  }

  @Override
  public Set<CertificatePin> pins() {
    Set<CertificatePin> last;
    synchronized (this) {
      last = cached;
      if (last != null && nanoClock.getAsLong() - loadedAt < ttlNanos) {
        return last;
      }
    }
    try {
      return refresh();
    } catch (RuntimeException e) {
      if (last == null) {
        throw e;
      }
      return last;
    }
  }

  @Override
  public Set<CertificatePin> refresh() {
    // read outside the lock: a slow pin store must not hold up handshakes that hit the cache
    Set<CertificatePin> read = Set.copyOf(loader.get());
    if (read.isEmpty()) {
      throw new IllegalStateException("the pin store gave no fingerprint");
    }
    synchronized (this) {
      cached = read;
      loadedAt = nanoClock.getAsLong();
    }
    return read;
  }

  @Override
  public synchronized String toString() {
    return "CachedPins" + (cached == null ? "[not read yet]" : cached);
  }
}
